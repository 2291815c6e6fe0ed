/** Who may talk to the worker (src/background/sender.ts). */
import { describe, expect, it } from 'vitest';
import { isConsoleUrl, isContentSender, isExtensionPageSender } from '../../../src/background/sender';
import { parseAwsRoute } from '../../../src/providers/aws/routes';
import { parseGcpRoute } from '../../../src/providers/gcp/routes';
import { EXTENSION_ID, EXTENSION_ORIGIN, contentSender, popupSender } from './helpers';

describe('isConsoleUrl', () => {
  it.each([
    'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:',
    'https://eu-west-3.console.aws.amazon.com/ec2/v2/home',
    'https://123456789012-abcdefg.us-east-1.console.aws.amazon.com/ec2/home',
    'https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home',
    'https://cn-north-1.console.amazonaws.cn/ec2/home',
    'https://US-EAST-1.CONSOLE.AWS.AMAZON.COM/ec2/home',
    'https://us-east-1.console.aws.amazon.com:443/ec2/home',
    'https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/web-1?project=demo-project',
    'https://console.cloud.google/compute/instances?project=demo-project',
    'https://CONSOLE.CLOUD.GOOGLE.COM/',
  ])('accepts %s', (url) => {
    expect(isConsoleUrl(url)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'not a url',
    'https://evil.example/',
    'http://us-east-1.console.aws.amazon.com/ec2/home',
    'wss://us-east-1.console.aws.amazon.com/',
    'https://console.aws.amazon.com.evil.example/',
    'https://us-east-1.console.aws.amazon.com.evil.example/ec2/home',
    'https://evilconsole.aws.amazon.com/',
    'https://console-aws-amazon.com/',
    'http://console.cloud.google.com/',
    'https://evil.console.cloud.google.com/',
    'https://console.cloud.google.com.evil.example/',
    'https://cloud.google.com/',
    'https://shell.cloud.google.com/',
    'https://console.cloud.googl/',
    'https://console.cloud.google.com@evil.example/',
    'https://evil.example/?u=https://console.cloud.google.com/',
    'https://us-east-1.console.aws.amazon.co/',
    'https://us-east-1.console.amazonaws.cn.evil.example/',
    'https://aws.amazon.com/',
    'https://signin.aws.amazon.com/',
    'https://evil.example/?u=https://us-east-1.console.aws.amazon.com/',
    'https://evil.example/#.console.aws.amazon.com',
    'https://us-east-1.console.aws.amazon.com@evil.example/',
    'javascript:alert(1)//.console.aws.amazon.com',
    'data:text/html,.console.aws.amazon.com',
    'about:blank',
    `${EXTENSION_ORIGIN}/src/popup/index.html`,
  ])('rejects %s', (url) => {
    expect(isConsoleUrl(url)).toBe(false);
  });
});

describe('isContentSender', () => {
  it('needs our id, a tab with an id, and a console URL', () => {
    expect(isContentSender(contentSender(), EXTENSION_ID)).toBe(true);
    expect(isContentSender(contentSender({ tab: { id: 0 } }), EXTENSION_ID)).toBe(true);
    expect(isContentSender(contentSender({ id: 'someone-else' }), EXTENSION_ID)).toBe(false);
    expect(isContentSender(contentSender({ id: undefined }), EXTENSION_ID)).toBe(false);
    expect(isContentSender(contentSender({ tab: undefined }), EXTENSION_ID)).toBe(false);
    expect(isContentSender(contentSender({ tab: {} }), EXTENSION_ID)).toBe(false);
    expect(isContentSender(contentSender({ tab: { id: '7' } }), EXTENSION_ID)).toBe(false);
    expect(isContentSender(contentSender({ url: 'https://evil.example/' }), EXTENSION_ID)).toBe(false);
    expect(isContentSender(contentSender({ url: undefined }), EXTENSION_ID)).toBe(false);
  });

  it('an extension page is not a content sender', () => {
    expect(isContentSender(popupSender(), EXTENSION_ID)).toBe(false);
  });
});

describe('isExtensionPageSender', () => {
  it('needs our id and a URL on our origin', () => {
    expect(isExtensionPageSender(popupSender(), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(true);
    // The popup page opened in a tab (contract 4: ?tabId=N) is still our page.
    expect(isExtensionPageSender(popupSender({ tab: { id: 7 } }), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(true);
    expect(isExtensionPageSender(popupSender({ id: 'other' }), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(false);
    // An origin that merely starts with ours is not ours.
    expect(isExtensionPageSender(popupSender({ url: `${EXTENSION_ORIGIN}x/src/popup/index.html` }), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(false);
    expect(isExtensionPageSender(popupSender({ url: `${EXTENSION_ORIGIN}.evil.example/` }), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(false);
    expect(isExtensionPageSender(popupSender({ url: undefined }), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(false);
    expect(isExtensionPageSender(popupSender({ url: 'https://evil.example/' }), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(false);
    expect(isExtensionPageSender(popupSender({ url: `chrome-extension://ponmlkjihgfedcbaponmlkjihgfedcba/x.html` }), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(false);
    // A content script is never a page sender, even when its URL is a console page.
    expect(isExtensionPageSender(contentSender(), EXTENSION_ID, EXTENSION_ORIGIN)).toBe(false);
  });
});

describe('agreement with the content script', () => {
  it('every console URL the worker accepts for a route also parses as that route, and vice versa', () => {
    const urls = [
      'https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#Instances:',
      'https://123456789012-abcdefg.us-east-1.console.aws.amazon.com/ec2/home#Instances:',
      'https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home#Instances:',
      'https://cn-north-1.console.amazonaws.cn/ec2/home#Instances:',
      'http://us-east-1.console.aws.amazon.com/ec2/home#Instances:',
      'https://us-east-1.console.aws.amazon.com.evil.example/ec2/home#Instances:',
    ];
    for (const u of urls) expect(isConsoleUrl(u), u).toBe(parseAwsRoute(u) !== null);
  });

  // Regression test for a fixed bug (minor, src/background/sender.ts CONSOLE_HOSTS vs src/providers/aws/routes.ts HOST): the
  // manifest pattern https://*.console.aws.amazon.com/* also matches the bare host
  // console.aws.amazon.com, and parseAwsRoute accepts it (`(^|\.)console…`), so the content script
  // reads and sends there; but isConsoleUrl requires a leading dot and rejects the sender, so the
  // page ends idle after a retry. Suggested fix: make CONSOLE_HOSTS `(^|\.)console\.aws\.amazon\.com$`
  // (and the partitions), i.e. share one host regex between sender.ts and routes.ts.
  it('the bare console host is accepted by both or by neither', () => {
    const u = 'https://console.aws.amazon.com/ec2/home?region=us-east-1#Instances:';
    expect(isConsoleUrl(u)).toBe(parseAwsRoute(u) !== null);
  });

  it('Google Cloud: every details URL the content script reads comes from a host the worker accepts', () => {
    const urls = [
      'https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/web-1?project=demo-project',
      'https://console.cloud.google/compute/instancesDetail/zones/us-central1-a/instances/web-1?project=demo-project',
      'http://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/web-1?project=demo-project',
      'https://console.cloud.google.com.evil.example/compute/instancesDetail/zones/us-central1-a/instances/web-1?project=demo-project',
      'https://evil.console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/web-1?project=demo-project',
    ];
    for (const u of urls) expect(isConsoleUrl(u), u).toBe(parseGcpRoute(u) !== null);
  });

  it('an AWS path on a Google Cloud host (and the reverse) is not a route', () => {
    expect(parseAwsRoute('https://console.cloud.google.com/ec2/home?region=us-east-1#Instances:')).toBeNull();
    expect(parseGcpRoute('https://us-east-1.console.aws.amazon.com/compute/instancesDetail/zones/us-central1-a/instances/web-1?project=demo-project')).toBeNull();
  });
});
