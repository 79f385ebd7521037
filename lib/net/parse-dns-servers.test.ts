import { describe, expect, it } from 'vitest';
import { parseDnsServers } from './parse-dns-servers.ts';

describe('parseDnsServers', () => {
  it.each([
    ['10.0.0.2:53,127.0.0.1:5353', ['10.0.0.2:53', '127.0.0.1:5353']],
    [' 1.1.1.1 , 8.8.8.8:53 ,', ['1.1.1.1:53', '8.8.8.8:53']],
    ['[2606:4700:4700::1111]:53', ['[2606:4700:4700::1111]:53']],
    ['[::1]', ['[::1]:53']],
    ['2606:4700:4700::1111', ['[2606:4700:4700::1111]:53']],
  ])('reads %j', (text, servers) => {
    expect(parseDnsServers(text)).toEqual(servers);
  });

  it.each([
    [',', /at least one server/],
    ['dns.google:53', /"dns.google:53" is not an IP address/],
    ['10.0.0.2:dns', /port must be 1–65535/],
    ['10.0.0.2:0', /port must be 1–65535/],
    ['10.0.0.2:65536', /port must be 1–65535/],
    ['[::1]:', /port must be 1–65535/],
    ['1.1.1.1:53,nope', /"nope" is not an IP address/],
  ])('refuses %j', (text, message) => {
    expect(() => parseDnsServers(text)).toThrow(message);
  });
});
