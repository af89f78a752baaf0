/** Delivery of short messages (SMS, WeCom). Development writes them to the log; a real gateway plugs in here. */
export interface Message {
  to: string;
  zh: string;
  en: string;
}

export interface Notifier {
  send(message: Message): Promise<void>;
}

export const logNotifier = (log: (obj: object, msg: string) => void): Notifier => ({
  async send(m) {
    log({ to: m.to }, `[dev SMS] ${m.zh}`);
  },
});
