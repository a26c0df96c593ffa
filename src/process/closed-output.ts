/**
 * A reader that goes away (`npm start | head`, a log shipper that dies) closes our stdout: Node
 * then throws EPIPE from the next write, which ended the runner with a stack trace mid-run and wrote
 * no report. The run is what matters, not its console: it goes on, writes its reports and exits as
 * it would; what it says after that is not heard.
 */
export function carryOnWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
}
