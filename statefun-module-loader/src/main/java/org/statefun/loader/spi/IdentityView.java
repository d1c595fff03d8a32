package org.statefun.loader.spi;

/** A record is its own value; there are no keys. */
final class IdentityView<T> implements RecordView<T> {
  private static final long serialVersionUID = 1L;

  @Override
  public Object value(T record) {
    return record;
  }
}
