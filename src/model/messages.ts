/**
 * The message protocol between content scripts, the popup and the background worker. The worker
 * validates every message with these schemas (and checks its sender) before acting on it; the
 * content script only imports the inferred types, so zod stays out of the page.
 */
import { z } from 'zod';
import { Finding } from './finding';
import { ResourceSnapshot } from './snapshot';

/** A page can show several VMs (a list); more than this is not a real console page. */
export const MAX_RESOURCES_PER_MESSAGE = 2_000;

export const PageInfo = z.object({
  provider: z.enum(['aws', 'gcp', 'azure']),
  /** e.g. "aws-instance-details", "aws-instances-list". */
  kind: z.string().max(64),
  route: z.string().max(2_048),
});
export type PageInfo = z.infer<typeof PageInfo>;

export const SnapshotMessage = z
  .object({
    type: z.literal('vmlint/snapshot'),
    page: PageInfo,
    resources: z.array(ResourceSnapshot).max(MAX_RESOURCES_PER_MESSAGE),
  })
  .strict();
export type SnapshotMessage = z.infer<typeof SnapshotMessage>;

/** The frame left a supported page (SPA navigation): forget what it reported. */
export const ClearMessage = z.object({ type: z.literal('vmlint/clear') }).strict();
export type ClearMessage = z.infer<typeof ClearMessage>;

/** The popup asks for a tab's state. */
export const TabStateRequest = z.object({ type: z.literal('vmlint/tab-state'), tabId: z.number().int().nonnegative() }).strict();
export type TabStateRequest = z.infer<typeof TabStateRequest>;

export const ContentMessage = z.discriminatedUnion('type', [SnapshotMessage, ClearMessage]);
export type ContentMessage = z.infer<typeof ContentMessage>;

export const FrameState = z.object({
  url: z.string(),
  page: PageInfo,
  resources: z.array(ResourceSnapshot),
  findings: z.array(Finding),
  /** How many rules ran per resource (so "nothing read" never looks clean). */
  rulesChecked: z.number().int(),
  updatedAt: z.number(),
});
export type FrameState = z.infer<typeof FrameState>;

export const TabState = z.object({ frames: z.record(z.string(), FrameState) });
export type TabState = z.infer<typeof TabState>;

export const SnapshotResponse = z.object({ ok: z.literal(true), findings: z.array(Finding) });
export type SnapshotResponse = z.infer<typeof SnapshotResponse>;

export const ErrorResponse = z.object({ ok: z.literal(false), error: z.string() });
export type ErrorResponse = z.infer<typeof ErrorResponse>;
