package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Kafka kinds are a third-party kind like any other: their sources name nothing of the module
 * loader but its kind SPI ({@code org.statefun.loader.spi}), so a change inside the loader cannot
 * break them, and they show what a kind needs.
 *
 * <p>Of statefun-remote they use only the protocol classes generated from StateFun's .proto files
 * ({@code org.statefun.remote.protocol.*}): {@code io.statefun.kafka.v1/egress} decodes StateFun's
 * {@code KafkaProducerRecord} with them, a wire format, not the remote function runtime, whose
 * internals may change freely.
 */
class SpiOnlyTest {

  private static final Pattern LOADER_REFERENCE =
      Pattern.compile("org\\.statefun\\.loader\\.(\\w+)");
  private static final Pattern REMOTE_REFERENCE =
      Pattern.compile("org\\.statefun\\.remote\\.(\\w+)");

  @Test
  void mainSourcesUseOnlyTheLoadersKindSpiAndTheRemoteProtocol() throws IOException {
    Path sources = Path.of("src/main/java");
    assertThat(sources).isDirectory();
    List<String> offending = new ArrayList<>();
    int spiReferences = 0;
    int protocolReferences = 0;
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          Matcher m = LOADER_REFERENCE.matcher(lines.get(i));
          while (m.find()) {
            if (m.group(1).equals("spi")) {
              spiReferences++;
            } else {
              offending.add(sources.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
          }
          Matcher remote = REMOTE_REFERENCE.matcher(lines.get(i));
          while (remote.find()) {
            if (remote.group(1).equals("protocol")) {
              protocolReferences++;
            } else {
              offending.add(sources.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
            }
          }
        }
      }
    }
    assertThat(offending).isEmpty();
    // The scan sees the kinds' imports: it would notice if the sources moved.
    assertThat(spiReferences).isGreaterThan(0);
    assertThat(protocolReferences).isGreaterThan(0);
  }
}
