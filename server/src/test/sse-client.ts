/** An SSE client that keeps everything the stream delivered as text. */
export async function connectEvents(url: string) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  if (!response.body) throw new Error('the stream has no body');
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  return {
    response,
    abort: () => {
      controller.abort();
    },
    /** Reads until the text received so far satisfies `done`, and returns it. */
    async readUntil(done: (text: string) => boolean): Promise<string> {
      while (!done(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`the stream ended early after: ${text}`);
        text += chunk.value;
      }
      return text;
    },
  };
}

/** The `event:`/`data:` frames of a stream, comments left out. */
export function frames(text: string): { event: string; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: '))
    .map((block) => {
      const [eventLine = '', dataLine = ''] = block.split('\n');
      return {
        event: eventLine.slice('event: '.length),
        data: JSON.parse(dataLine.slice('data: '.length)) as unknown,
      };
    });
}
