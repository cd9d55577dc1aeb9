import { MAX_ATTACHMENTS, type Attachment } from '@parley/protocol';

/** One message a send turns into. */
export interface PlannedMessage {
  kind: 'text' | 'image' | 'file';
  body: string;
  attachments: Attachment[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * What one press of Send posts. Text alone is one text message. Images go together as image messages
 * and other files as file messages (the protocol's `image` kind takes images only), at most
 * MAX_ATTACHMENTS each. The typed text is the caption of the first message only, so it is shown once.
 */
export function planMessages(text: string, attachments: readonly Attachment[]): PlannedMessage[] {
  const body = text.normalize('NFC').trim();
  if (attachments.length === 0) return body ? [{ kind: 'text', body, attachments: [] }] : [];
  const images = attachments.filter((a) => a.kind === 'image');
  const files = attachments.filter((a) => a.kind !== 'image');
  const planned: PlannedMessage[] = [
    ...chunks(images, MAX_ATTACHMENTS).map((group) => ({ kind: 'image' as const, body: '', attachments: group })),
    ...chunks(files, MAX_ATTACHMENTS).map((group) => ({ kind: 'file' as const, body: '', attachments: group })),
  ];
  planned[0]!.body = body; // non-empty: attachments.length > 0 gave at least one group
  return planned;
}
