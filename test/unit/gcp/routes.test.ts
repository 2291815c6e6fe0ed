/** Google Cloud console URLs → page kinds (src/providers/gcp/routes.ts; spec/pages.md "Google Cloud"). */
import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../../src/content/page-kinds';
import { gcpInstanceId, parseGcpRoute, regionOfGcpZone } from '../../../src/providers/gcp/routes';

const PATH = '/compute/instancesDetail/zones/us-central1-a/instances/web-1';
const URL_ = `https://console.cloud.google.com${PATH}?project=demo-project`;

describe('VM instance details', () => {
  it('the details URL', () => {
    expect(parseGcpRoute(URL_)).toEqual({
      provider: 'gcp',
      kind: 'gcp-instance-details',
      route: `${PATH}?project=demo-project`,
      project: 'demo-project',
      zone: 'us-central1-a',
      name: 'web-1',
    });
  });

  it('with a tab and other query parameters, in any order', () => {
    expect(parseGcpRoute(`${URL_}&tab=details`)).toMatchObject({ kind: 'gcp-instance-details', project: 'demo-project', zone: 'us-central1-a', name: 'web-1' });
    expect(parseGcpRoute(`https://console.cloud.google.com${PATH}?tab=observability&project=demo-project&authuser=1`)).toMatchObject({ project: 'demo-project', name: 'web-1' });
    expect(parseGcpRoute(`${URL_}&tab=details`)!.route).toBe(`${PATH}?project=demo-project&tab=details`);
  });

  it('the workforce-identity host', () => {
    expect(parseGcpRoute(`https://console.cloud.google${PATH}?project=demo-project`)).toMatchObject({ kind: 'gcp-instance-details', name: 'web-1' });
  });

  it('a trailing slash, a fragment, a domain-scoped project', () => {
    expect(parseGcpRoute(`https://console.cloud.google.com${PATH}/?project=demo-project`)).toMatchObject({ name: 'web-1' });
    expect(parseGcpRoute(`${URL_}#section`)).toMatchObject({ name: 'web-1' });
    expect(parseGcpRoute(`https://console.cloud.google.com${PATH}?project=example.com:my-project`)).toMatchObject({ project: 'example.com:my-project' });
  });

  it('is what the content script picks', () => {
    expect(parseRoute(URL_)).toMatchObject({ provider: 'gcp', kind: 'gcp-instance-details' });
  });

  it('ids and regions', () => {
    expect(gcpInstanceId({ project: 'p-1234', zone: 'europe-west4-b', name: 'vm' })).toBe('projects/p-1234/zones/europe-west4-b/instances/vm');
    expect(regionOfGcpZone('us-central1-a')).toBe('us-central1');
    expect(regionOfGcpZone('nope')).toBeUndefined();
  });

  it('keeps very long routes bounded', () => {
    expect(parseGcpRoute(`${URL_}&x=${'a'.repeat(5000)}`)!.route.length).toBeLessThanOrEqual(1024);
  });
});

describe('not (yet) read, or not a console page', () => {
  it.each([
    ['the instances list', 'https://console.cloud.google.com/compute/instances?project=demo-project'],
    ['the create page', 'https://console.cloud.google.com/compute/instancesAdd?project=demo-project'],
    ['the edit page', `https://console.cloud.google.com/compute/instancesEdit/zones/us-central1-a/instances/web-1?project=demo-project`],
    ['firewall rules', 'https://console.cloud.google.com/networking/firewalls/list?project=demo-project'],
    ['no project', `https://console.cloud.google.com${PATH}`],
    ['an empty project', `https://console.cloud.google.com${PATH}?project=`],
    ['a project that would break a shell command', `https://console.cloud.google.com${PATH}?project=demo;rm%20-rf`],
    ['a bad zone', `https://console.cloud.google.com/compute/instancesDetail/zones/us-central1/instances/web-1?project=demo-project`],
    ['a bad VM name', `https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/Web_1?project=demo-project`],
    ['an encoded slash in the name', `https://console.cloud.google.com/compute/instancesDetail/zones/us-central1-a/instances/a%2Fb?project=demo-project`],
    ['a deeper path', `https://console.cloud.google.com${PATH}/extra?project=demo-project`],
    ['http', `http://console.cloud.google.com${PATH}?project=demo-project`],
    ['a look-alike host', `https://console.cloud.google.com.evil.example${PATH}?project=demo-project`],
    ['a subdomain', `https://x.console.cloud.google.com${PATH}?project=demo-project`],
    ['another Google host', `https://cloud.google.com${PATH}?project=demo-project`],
    ['not a URL', 'not a url'],
  ])('%s', (_what, url) => {
    expect(parseGcpRoute(url)).toBeNull();
  });
});
