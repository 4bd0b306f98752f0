/**
 * The per-client key of web callbacks: the viewer IP of `CloudFront-Viewer-Address` and its group
 * (IPv4 whole, IPv6 by /64), and the CloudFront Function that sets the WAF's viewer IP header. Pure:
 * no I/O.
 */
import fc from 'fast-check';
import { clientGroup, viewerIp } from '../../lambda/domain/contact-options';
import { VIEWER_IP_FUNCTION_CODE } from '../../lib/constructs/contact-page';

describe('viewerIp', () => {
  it.each([
    ['198.51.100.10:46532', '198.51.100.10'],
    ['2001:db8:85a3::8a2e:370:7334:46532', '2001:db8:85a3::8a2e:370:7334'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['::ffff:192.0.2.1:80', '::ffff:192.0.2.1'],
  ])('reads the IP of %s', (value, ip) => {
    expect(viewerIp(value)).toBe(ip);
  });

  it.each([
    '198.51.100.10',
    '198.51.100.10:',
    '198.51.100.10:70000',
    'example.com:443',
    '',
    ':443',
    '1.2.3:443',
  ])('refuses %j', (value) => {
    expect(viewerIp(value)).toBeUndefined();
  });

  it('never throws and only returns valid IPs, whatever the header holds', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (value) => {
        const ip = viewerIp(value);
        return ip === undefined || clientGroup(ip) !== undefined;
      }),
    );
  });
});

describe('clientGroup', () => {
  it('keeps an IPv4 address whole', () => {
    expect(clientGroup('192.0.2.33')).toBe('v4:192.0.2.33');
    expect(clientGroup('192.0.2.34')).not.toBe(clientGroup('192.0.2.33'));
  });

  it('groups IPv6 addresses by /64, however they are written', () => {
    const group = 'v6:2001:db8:0:12::/64';
    expect(clientGroup('2001:db8:0:12::1')).toBe(group);
    expect(clientGroup('2001:0DB8:0000:0012:ffff:ffff:ffff:ffff')).toBe(group);
    expect(clientGroup('2001:db8::12:0:0:0:1')).toBe(group);
    expect(clientGroup('2001:db8:0:12:1:2:192.0.2.1')).toBe(group);
    expect(clientGroup('fe80::1%eth0')).toBe('v6:fe80:0:0:0::/64');
    expect(clientGroup('2001:db8:0:13::1')).not.toBe(group);
  });

  it('treats an IPv4-mapped IPv6 address as its IPv4 address', () => {
    expect(clientGroup('::ffff:192.0.2.1')).toBe('v4:192.0.2.1');
    expect(clientGroup('::ffff:c000:201')).toBe('v4:192.0.2.1');
  });

  it('refuses what is not an IP', () => {
    for (const value of ['', 'localhost', '192.0.2', '2001:db8:::1', '1:2:3:4:5:6:7:8:9']) {
      expect(clientGroup(value)).toBeUndefined();
    }
  });

  it('gives every address of one /64 the same group', () => {
    const hextet = fc.integer({ min: 0, max: 0xffff });
    const address = (groups: number[]): string => groups.map((g) => g.toString(16)).join(':');
    fc.assert(
      fc.property(
        fc.array(hextet, { minLength: 4, maxLength: 4 }),
        fc.array(hextet, { minLength: 4, maxLength: 4 }),
        fc.array(hextet, { minLength: 4, maxLength: 4 }),
        (prefix, a, b) => {
          // Skip the IPv4-mapped range, which is grouped as IPv4.
          fc.pre(!(prefix.every((g) => g === 0) && a[0] === 0 && a[1] === 0xffff));
          fc.pre(!(prefix.every((g) => g === 0) && b[0] === 0 && b[1] === 0xffff));
          return clientGroup(address([...prefix, ...a])) === clientGroup(address([...prefix, ...b]));
        },
      ),
    );
  });
});

describe('viewer-request CloudFront Function', () => {
  type Request = { headers: Record<string, { value: string }> };
  const run = (event: { viewer: { ip: string }; request: Request }): Request =>
    (new Function(`${VIEWER_IP_FUNCTION_CODE}\nreturn handler;`)() as (e: typeof event) => Request)(event);

  it('sets x-viewer-ip to the connection address, replacing a value the client sent', () => {
    const request = run({
      viewer: { ip: '2001:db8::7' },
      request: { headers: { 'x-viewer-ip': { value: '192.0.2.1' }, host: { value: 'example.com' } } },
    });
    expect(request.headers['x-viewer-ip']).toEqual({ value: '2001:db8::7' });
    expect(request.headers.host).toEqual({ value: 'example.com' });
  });
});
