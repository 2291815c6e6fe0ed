import { describe, expect, it } from 'vitest';
import { metadataFlag, metadataSecrets, parseMetadataBool } from '../../../src/engine/functions/gcp-metadata';

describe('GCP metadata booleans (S24)', () => {
  it('reads true/false in any case and 1/0; anything else is unset', () => {
    for (const v of ['true', 'TRUE', 'True', '1', ' true ']) expect(parseMetadataBool(v), v).toBe('true');
    for (const v of ['false', 'FALSE', '0']) expect(parseMetadataBool(v), v).toBe('false');
    for (const v of ['yes', '', 'on', undefined, null]) expect(parseMetadataBool(v), String(v)).toBe('unset');
  });
  it('looks the key up in one scope only', () => {
    const items = [
      { key: 'enable-oslogin', value: 'FALSE', scope: 'instance' },
      { key: 'enable-oslogin', value: 'TRUE', scope: 'project' },
    ];
    expect(metadataFlag(items, 'instance', 'enable-oslogin')).toBe('false');
    expect(metadataFlag(items, 'project', 'enable-oslogin')).toBe('true');
    expect(metadataFlag(items, 'instance', 'serial-port-enable')).toBe('unset');
    expect(metadataFlag(null, 'instance', 'x')).toBe('unset');
  });
});

describe('metadataSecrets (S30, plain text)', () => {
  it('finds secrets in plain text and masks them', () => {
    const found = metadataSecrets('export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE');
    expect(found.length).toBeGreaterThan(0);
    expect(found.join(' ')).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });
  it('does not base64-decode: an encoded secret in metadata is not what the VM runs', () => {
    // base64 of "password=hunter2hunter2"
    expect(metadataSecrets('cGFzc3dvcmQ9aHVudGVyMmh1bnRlcjI=')).toEqual([]);
    expect(metadataSecrets('#!/bin/bash\napt-get update\n')).toEqual([]);
  });
});
