package org.statefun.core.spill;

import java.io.File;
import java.io.IOException;

/** Creates spill files round-robin over Flink's temporary directories (the IOManager's). */
public final class SpillFiles {

  private final File[] directories;
  private final String prefix;
  private int next;

  public SpillFiles(File[] directories, String prefix) {
    if (directories.length == 0) {
      throw new IllegalArgumentException("No directory to spill " + prefix + " files to");
    }
    this.directories = directories.clone();
    this.prefix = prefix;
  }

  public File newFile() throws IOException {
    File directory = directories[next++ % directories.length];
    File file = File.createTempFile(prefix, ".spill", directory);
    file.deleteOnExit();
    return file;
  }
}
