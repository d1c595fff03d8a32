package org.statefun.loader.classes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The classes of a module's jars, read from their class file headers only (name, access flags,
 * superclass, interfaces): no class is loaded, let alone initialized. Unreadable jars and class
 * files are skipped; this only feeds warnings and hints.
 */
public final class JarClasses {

  /**
   * One class file's header; names are binary names with dots ({@code a.b.C$D}).
   *
   * @param concrete whether the class is public and neither abstract nor an interface
   */
  public record Header(
      String name, Path jar, boolean concrete, String superName, List<String> interfaces) {}

  private static final int ACC_PUBLIC = 0x0001;
  private static final int ACC_INTERFACE = 0x0200;
  private static final int ACC_ABSTRACT = 0x0400;

  private final Map<String, Header> headers;

  private JarClasses(Map<String, Header> headers) {
    this.headers = headers;
  }

  /** Reads the class headers of {@code jars}; the first jar defining a class wins. */
  public static JarClasses read(List<Path> jars) {
    Map<String, Header> headers = new LinkedHashMap<>();
    for (Path jar : jars) {
      try (JarFile file = new JarFile(jar.toFile(), false)) {
        Enumeration<? extends ZipEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          String name = entry.getName();
          if (entry.isDirectory()
              || !name.endsWith(".class")
              || name.startsWith("META-INF/")
              || name.endsWith("module-info.class")
              || name.endsWith("package-info.class")) {
            continue;
          }
          try (InputStream in = file.getInputStream(entry)) {
            Header header = header(in, jar);
            if (header != null) {
              headers.putIfAbsent(header.name(), header);
            }
          } catch (IOException | RuntimeException e) {
            // not a readable class file: nothing to say about it
          }
        }
      } catch (IOException e) {
        // not a readable jar: the class loader reports what matters
      }
    }
    return new JarClasses(headers);
  }

  /** Every class name, in jar order. */
  public Set<String> names() {
    return headers.keySet();
  }

  /**
   * The public concrete classes that implement {@code interfaceName}, directly or through
   * superclasses and interfaces defined in these jars.
   */
  public List<Header> implementing(String interfaceName) {
    List<Header> found = new ArrayList<>();
    for (Header header : headers.values()) {
      if (header.concrete() && implementsInterface(header.name(), interfaceName, new HashSet<>())) {
        found.add(header);
      }
    }
    return found;
  }

  private boolean implementsInterface(String type, String interfaceName, Set<String> seen) {
    if (type == null || !seen.add(type)) {
      return false;
    }
    if (type.equals(interfaceName)) {
      return true;
    }
    Header header = headers.get(type);
    if (header == null) {
      return false;
    }
    for (String implemented : header.interfaces()) {
      if (implementsInterface(implemented, interfaceName, seen)) {
        return true;
      }
    }
    return implementsInterface(header.superName(), interfaceName, seen);
  }

  /** Reads a class file's header; null when it is not one. */
  private static Header header(InputStream stream, Path jar) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(stream.readAllBytes());
    if (in.getInt() != 0xCAFEBABE) {
      return null;
    }
    in.getShort(); // minor
    in.getShort(); // major
    int count = Short.toUnsignedInt(in.getShort());
    // Only the offsets of UTF-8 constants are kept; the few class names needed are decoded later.
    int[] utf8 = new int[count];
    int[] classNames = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = Byte.toUnsignedInt(in.get());
      switch (tag) {
        case 1 -> {
          utf8[i] = in.position();
          in.position(in.position() + 2 + Short.toUnsignedInt(in.getShort(in.position())));
        }
        case 7 -> classNames[i] = Short.toUnsignedInt(in.getShort());
        case 8, 16, 19, 20 -> in.getShort();
        case 15 -> in.position(in.position() + 3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.getInt();
        case 5, 6 -> {
          in.getLong();
          i++;
        }
        default -> {
          return null;
        }
      }
    }
    int access = Short.toUnsignedInt(in.getShort());
    String name = className(in, utf8, classNames, Short.toUnsignedInt(in.getShort()));
    String superName = className(in, utf8, classNames, Short.toUnsignedInt(in.getShort()));
    int interfaceCount = Short.toUnsignedInt(in.getShort());
    List<String> interfaces = new ArrayList<>(interfaceCount);
    for (int i = 0; i < interfaceCount; i++) {
      interfaces.add(className(in, utf8, classNames, Short.toUnsignedInt(in.getShort())));
    }
    if (name == null) {
      return null;
    }
    // What ServiceLoader could instantiate: public (anonymous and local classes are not), concrete.
    boolean concrete = (access & (ACC_PUBLIC | ACC_INTERFACE | ACC_ABSTRACT)) == ACC_PUBLIC;
    return new Header(name, jar, concrete, superName, List.copyOf(interfaces));
  }

  private static String className(ByteBuffer in, int[] utf8, int[] classNames, int index) {
    if (index <= 0 || index >= classNames.length || classNames[index] == 0) {
      return null;
    }
    int offset = utf8[classNames[index]];
    if (offset == 0) {
      return null;
    }
    int length = Short.toUnsignedInt(in.getShort(offset));
    // Class names are ASCII in practice; modified UTF-8 equals UTF-8 for everything but NUL and
    // supplementary characters, which binary names do not hold.
    return new String(in.array(), offset + 2, length, StandardCharsets.UTF_8).replace('/', '.');
  }
}
