package io.polarity.pipeline.ingest;

/** The raw corpus layouts that ingest reads. */
public enum InputFormat {
  /**
   * Stanford Large Movie Review Dataset folders: {@code
   * {train,test}/{pos,neg,unsup}/<id>_<rating>.txt}.
   */
  ACLIMDB,
  /** Delimited text (CSV, TSV), with a header row or with columns named by position. */
  CSV,
  /** One JSON object per line. */
  JSONL,
  /** One review per line; the label, if any, comes from the source's configuration. */
  LINES
}
