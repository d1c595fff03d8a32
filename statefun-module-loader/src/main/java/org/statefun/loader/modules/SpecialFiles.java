package org.statefun.loader.modules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** Tells what a path is when it exists but is not a regular file, for messages. */
final class SpecialFiles {
  private SpecialFiles() {}

  // File type bits of st_mode (POSIX), read through the JDK's "unix" attribute view.
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int SOCKET = 0140000;

  /**
   * Empty when {@code path} is absent or a regular file (also through symbolic links); otherwise
   * what it is, e.g. "a directory" or "a symbolic link to /x, which does not exist".
   */
  static Optional<String> notARegularFile(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(path)) {
      return Optional.empty();
    }
    if (Files.isSymbolicLink(path) && !Files.exists(path)) {
      return Optional.of("a symbolic link to " + target(path) + ", which does not exist");
    }
    String via =
        Files.isSymbolicLink(path) ? " (through a symbolic link to " + target(path) + ")" : "";
    if (Files.isDirectory(path)) {
      return Optional.of("a directory" + via);
    }
    return Optional.of(special(path) + via);
  }

  private static String special(Path path) {
    try {
      int type = (Integer) Files.getAttribute(path, "unix:mode") & TYPE_MASK;
      return switch (type) {
        case FIFO -> "a named pipe (FIFO)";
        case CHARACTER_DEVICE, BLOCK_DEVICE -> "a device";
        case SOCKET -> "a socket";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "a special file"; // no "unix" attribute view on this platform
    }
  }

  private static String target(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      return "an unreadable target";
    }
  }
}
