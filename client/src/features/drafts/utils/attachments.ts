import { jsonByteLength } from '@crm/shared/missive/drafts';
import { MAX_ATTACHMENTS, MAX_PAYLOAD_BYTES } from '@crm/shared/missive/common';

/** A file ready to go with a draft, as Missive takes it. */
export interface Upload {
  filename: string;
  base64_data: string;
}

/**
 * Why these files cannot be added to the draft, or null when they can.
 * Checked before any file is read: Missive refuses more than 25 files and a
 * request over 10 MB of JSON, and base64 makes every file a third larger.
 * `draftBytes` is the JSON size of the draft as it is now, uploads included.
 */
export function refuseFiles(
  files: readonly File[],
  attached: number,
  draftBytes: number,
): string | null {
  const count = attached + files.length;
  if (count > MAX_ATTACHMENTS) {
    return `At most ${MAX_ATTACHMENTS} files can go with a draft: ${attached} attached and ${files.length} chosen make ${count}. No file was added.`;
  }
  const empty = files.find((file) => file.size === 0);
  if (empty) return `“${empty.name}” is empty. No file was added.`;
  const bytes = files.reduce((total, file) => total + uploadBytes(file), draftBytes);
  if (bytes > MAX_PAYLOAD_BYTES) {
    return `These files would make the draft ${megabytes(bytes)} MB once encoded; Missive takes at most ${megabytes(MAX_PAYLOAD_BYTES)} MB in one request. No file was added.`;
  }
  return null;
}

/** The JSON bytes one file adds to the draft: its base64 text, its name and the punctuation. */
function uploadBytes(file: File): number {
  const base64Length = 4 * Math.ceil(file.size / 3);
  return base64Length + jsonByteLength({ filename: file.name, base64_data: '' }) + 1;
}

export function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

export function readUpload(file: File): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      // A data URL: "data:<type>;base64,<data>".
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve({ filename: file.name, base64_data: url.slice(url.indexOf(',') + 1) });
    };
    reader.onerror = () => {
      reject(new Error(`“${file.name}” could not be read.`));
    };
    reader.readAsDataURL(file);
  });
}
