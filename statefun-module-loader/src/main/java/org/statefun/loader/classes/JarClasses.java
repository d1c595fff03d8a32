package org.statefun.loader.classes;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
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

  /** One class file's header; names are binary names with dots ({@code a.b.C$D}). */
  public record Header(
      String name, Path jar, boolean concrete, String superName, List<String> interfaces) {}

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
   * The concrete classes that implement {@code interfaceName}, directly or through superclasses and
   * interfaces defined in these jars.
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
    DataInputStream in = new DataInputStream(stream);
    if (in.readInt() != 0xCAFEBABE) {
      return null;
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    int[] classNames = new int[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF();
        case 7 -> classNames[i] = in.readUnsignedShort();
        case 8, 16, 19, 20 -> in.readUnsignedShort();
        case 15 -> {
          in.readUnsignedByte();
          in.readUnsignedShort();
        }
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
        case 5, 6 -> {
          in.readLong();
          i++;
        }
        default -> {
          return null;
        }
      }
    }
    int access = in.readUnsignedShort();
    String name = className(utf8, classNames, in.readUnsignedShort());
    String superName = className(utf8, classNames, in.readUnsignedShort());
    int interfaceCount = in.readUnsignedShort();
    List<String> interfaces = new ArrayList<>(interfaceCount);
    for (int i = 0; i < interfaceCount; i++) {
      interfaces.add(className(utf8, classNames, in.readUnsignedShort()));
    }
    if (name == null) {
      return null;
    }
    boolean concrete = (access & (ACC_INTERFACE | ACC_ABSTRACT)) == 0;
    return new Header(name, jar, concrete, superName, List.copyOf(interfaces));
  }

  private static String className(String[] utf8, int[] classNames, int index) {
    if (index <= 0 || index >= classNames.length || classNames[index] == 0) {
      return null;
    }
    String internal = utf8[classNames[index]];
    return internal == null ? null : internal.replace('/', '.');
  }
}
