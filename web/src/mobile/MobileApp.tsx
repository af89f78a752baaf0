/** The phone apps (antd-mobile) under /m: the grid member's field app and the villager's app. */
export default function MobileApp() {
  return null;
}
