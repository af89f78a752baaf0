/** The pure rules of delivery, musters and notices (issue #10), as tables. */
import { describe, expect, it } from 'vitest';
import { musterMove } from '../../server/src/modules/command/muster-rules';
import { listOrder, noticeMove } from '../../server/src/modules/command/notice-rules';
import { ok, permanent, retryable } from '../../server/src/modules/delivery/channel';
import { afterCrash, afterSend, maskSecret, maskUrl, MAX_ATTEMPTS } from '../../server/src/modules/delivery/rules';
import { robotBody } from '../../server/src/modules/delivery/webhook-channel';

describe('after a send', () => {
  it.each([
    [ok, 1, { state: 'sent' }],
    [retryable('HTTP 500'), 1, { state: 'pending', retryAt: 1000 + 1000, reason: 'HTTP 500' }],
    [retryable('TIMEOUT'), 3, { state: 'pending', retryAt: 1000 + 4000, reason: 'TIMEOUT' }],
    [retryable('HTTP 503'), MAX_ATTEMPTS, { state: 'failed', reason: `HTTP 503 (after ${MAX_ATTEMPTS} attempts)` }],
    [permanent('HTTP 400'), 1, { state: 'failed', reason: 'HTTP 400' }],
  ] as const)('%j at attempt %i → %j', (result, attempts, next) => {
    expect(afterSend(result, attempts, 1000)).toEqual(next);
  });

  it('resends after a crash only on idempotent channels', () => {
    expect(afterCrash(true)).toBe('resend');
    expect(afterCrash(false)).toBe('fail');
  });
});

describe('masking', () => {
  it.each([
    ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123', 'https://qyapi.weixin.qq.com/cgi-bin…?…'],
    ['https://oapi.dingtalk.com/robot/send?access_token=t0k3n', 'https://oapi.dingtalk.com/robot/s…?…'],
    ['https://user:pw@sms.example.com/x', 'https://sms.example.com/x'],
    ['not a url', '…'],
  ])('%s → %s', (url, masked) => expect(maskUrl(url)).toBe(masked));
  it('never shows a secret', () => {
    expect(maskSecret('s3cret')).toBe('••••••');
    expect(maskSecret(null)).toBeNull();
  });
});

describe('the group-robot body', () => {
  it('is the WeCom/DingTalk text message, with the phone where both read mentions', () => {
    expect(robotBody('集合', '13800000000')).toEqual({
      msgtype: 'text',
      text: { content: '集合', mentioned_mobile_list: ['13800000000'] },
      at: { atMobiles: ['13800000000'] },
    });
    expect(robotBody('集合', null)).toEqual({ msgtype: 'text', text: { content: '集合' } });
  });
});

describe('muster answers', () => {
  it.each([
    ['called', 'on_my_way', { onMyWay: 1 }],
    ['called', 'arrived', { arrived: 1 }],
    ['on_my_way', 'arrived', { onMyWay: -1, arrived: 1 }],
    ['cannot_come', 'on_my_way', { cannotCome: -1, onMyWay: 1 }],
    ['on_my_way', 'on_my_way', null],
    ['arrived', 'arrived', null],
  ] as const)('%s → %s moves %j', (from, to, d) => expect(musterMove(from, to)).toEqual(d));
  it('refuses anything after arrival', () =>
    expect(() => musterMove('arrived', 'on_my_way')).toThrow(/Already arrived/));
});

describe('notice marks', () => {
  it.each([
    ['pending', { outcome: 'reached', method: 'door' }, { reached: 1 }],
    ['pending', { outcome: 'unreachable', reason: '无人' }, { unreachable: 1 }],
    ['unreachable', { outcome: 'reached', method: 'roof' }, { unreachable: -1, reached: 1 }],
    ['unreachable', { outcome: 'unreachable', reason: '仍无人' }, {}],
  ] as const)('%s + %j moves %j', (from, mark, d) => expect(noticeMove(from, mark)).toEqual(d));
  it.each([
    ['reached', { outcome: 'reached', method: 'phone' }, /already been reached/],
    ['pending', { outcome: 'reached' }, /how the household/],
    ['pending', { outcome: 'unreachable' }, /why the household/],
  ] as const)('%s + %j is refused', (from, mark, err) => expect(() => noticeMove(from, mark)).toThrow(err));
  it('puts the people living alone and those who cannot walk first, then house numbers in order', () => {
    const rows = [
      { number: '10', tags: [] },
      { number: '2', tags: ['低保'] },
      { number: '7', tags: ['行动不便'] },
      { number: '3', tags: ['独居老人', '行动不便'] },
    ];
    expect(listOrder(rows).map((r) => r.number)).toEqual(['3', '7', '2', '10']);
  });
});
