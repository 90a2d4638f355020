/** An input the pipeline cannot use; its message is one line meant for the person running ingest. */
export class IngestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestError';
  }
}
