import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import type { AttachmentFile } from '@crm/shared/missive/common';
import type { EmulatorState } from './state';

/**
 * Missive serves attachments from a file host of its own, outside the API:
 * the `url` of an attachment is fetched without the token and spends no
 * budget. The emulator's data names its files under FILES_HOST, a host that
 * cannot resolve; once the emulator listens, its answers name them under its
 * own `/files/` instead (see `publicFile`), where this router serves them.
 */
export const FILES_HOST = 'https://files.example.invalid';

/** Where a newly uploaded file lives, as the data records it. */
export function fileUrl(id: string, filename: string): string {
  return `${FILES_HOST}/${id}/${encodeURIComponent(filename)}`;
}

/** The attachment as an answer names it: on the emulator's own file host once it listens. */
export function publicFile(state: EmulatorState, file: AttachmentFile): AttachmentFile {
  const origin = state.filesOrigin;
  if (origin === undefined || !file.url.startsWith(`${FILES_HOST}/`)) return file;
  return { ...file, url: `${origin}${file.url.slice(FILES_HOST.length)}` };
}

function findFile(state: EmulatorState, id: string): AttachmentFile | undefined {
  for (const message of state.data.messages) {
    const found = message.attachments.find((file) => file.id === id);
    if (found) return found;
  }
  return (
    state.data.comments.find((comment) => comment.attachment?.id === id)?.attachment ?? undefined
  );
}

/**
 * Seeded files have a size but no bytes: they are made up, the same bytes
 * for the same id every time, so a download can be checked against itself.
 */
function madeUpBytes(id: string, size: number): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(id).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** `GET /files/:id/:filename`: an attachment's bytes, as Missive's file host would answer. */
export function createFilesRouter(state: EmulatorState): Router {
  const router = express.Router();
  router.get('/:id/:filename', (req, res) => {
    const file = findFile(state, req.params.id);
    if (!file || encodeURIComponent(file.filename) !== encodeURIComponent(req.params.filename)) {
      res.status(404).type('text/plain').send('No such file');
      return;
    }
    const bytes = state.uploads.get(file.id) ?? madeUpBytes(file.id, file.size);
    const type = file.media_type && file.sub_type ? `${file.media_type}/${file.sub_type}` : null;
    res.type(type ?? 'application/octet-stream').send(bytes);
  });
  return router;
}
