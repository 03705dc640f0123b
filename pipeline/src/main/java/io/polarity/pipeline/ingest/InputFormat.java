package io.polarity.pipeline.ingest;

/** The raw corpus layouts that ingest reads. */
public enum InputFormat {
  /**
   * Stanford Large Movie Review Dataset folders: {@code
   * {train,test}/{pos,neg,unsup}/<id>_<rating>.txt}.
   */
  ACLIMDB,
  /** Delimited text with a header row (CSV, TSV). */
  CSV,
  /** One JSON object per line, plain or gzip/bzip2 compressed. */
  JSONL
}
