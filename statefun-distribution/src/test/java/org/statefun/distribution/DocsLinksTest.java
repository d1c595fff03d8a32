package org.statefun.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md resolves: the file or directory exists, and a
 * {@code #fragment} names a heading of the Markdown file it points to (GitHub's heading anchors).
 */
class DocsLinksTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern FENCE = Pattern.compile("^\\s*```");

  @Test
  void everyRelativeLinkInTheDocsResolves() throws IOException {
    List<Path> documents = new ArrayList<>();
    documents.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    assertThat(documents).hasSizeGreaterThan(1);
    List<String> broken = new ArrayList<>();
    for (Path document : documents) {
      for (String link : links(document)) {
        String problem = check(document, link);
        if (problem != null) {
          broken.add(ROOT.relativize(document) + ": " + link + " (" + problem + ")");
        }
      }
    }
    assertThat(broken).as("broken links").isEmpty();
  }

  @Test
  void theReadmeIsAFrontDoorNotTheReference() throws IOException {
    assertThat(Files.size(ROOT.resolve("README.md"))).isLessThanOrEqualTo(16 * 1024);
  }

  private static String check(Path document, String link) throws IOException {
    if (link.matches("^[a-z]+:.*")) {
      return null; // http:, https:, mailto: — not checked here
    }
    int hash = link.indexOf('#');
    String path = hash < 0 ? link : link.substring(0, hash);
    String fragment = hash < 0 ? null : link.substring(hash + 1);
    Path target = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
    if (!Files.exists(target)) {
      return "no such file";
    }
    if (fragment != null && !anchors(target).contains(fragment)) {
      return "no heading with anchor '" + fragment + "'";
    }
    return null;
  }

  /** The links outside code blocks. */
  private static List<String> links(Path document) throws IOException {
    List<String> links = new ArrayList<>();
    boolean inCode = false;
    for (String line : Files.readAllLines(document)) {
      if (FENCE.matcher(line).find()) {
        inCode = !inCode;
        continue;
      }
      if (!inCode) {
        Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
        while (m.find()) {
          links.add(m.group(1));
        }
      }
    }
    return links;
  }

  /** GitHub's anchors of the headings of a Markdown file (lower case, punctuation dropped). */
  private static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (!file.toString().endsWith(".md")) {
      return anchors;
    }
    boolean inCode = false;
    for (String line : Files.readAllLines(file)) {
      if (FENCE.matcher(line).find()) {
        inCode = !inCode;
      } else if (!inCode && line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
        anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}
