package org.statefun.loader.yaml;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.statefun.loader.spi.ComponentId;
import org.statefun.remote.EndpointSpec;
import org.statefun.sdk.FunctionType;

/**
 * A parsed, structurally valid {@code module.yaml}: format version 1, or StateFun's multi-document
 * format (whose endpoints become {@link #endpoints()} and whose other documents become {@link
 * #kindDocuments()}). Classes, kinds and cross-references are checked later, by the loader.
 *
 * @param file the module.yaml file
 * @param name the {@code module:} name, if given
 * @param nameLocation where the name is written (the start of the file when it is not)
 * @param functions the {@code functions:} entries
 * @param ingresses the {@code ingresses:} entries
 * @param routers the {@code routers:} entries
 * @param egresses the {@code egresses:} entries
 * @param endpoints the remote function endpoints: {@code endpoints:} entries, or StateFun endpoint
 *     documents
 * @param kindDocuments StateFun documents of other kinds, resolved against the ingress and egress
 *     kinds by the loader
 * @param broken the ids and function types of entries left out because of problems, so that
 *     references to them are not reported as unknown
 * @param brokenRouterIngresses the ingresses of router entries left out because of problems, so
 *     that those ingresses are not reported as having no router
 */
public record ModuleDocument(
    Path file,
    Optional<String> name,
    Location nameLocation,
    List<Function> functions,
    List<Component> ingresses,
    List<Router> routers,
    List<Component> egresses,
    List<Endpoint> endpoints,
    List<KindDocument> kindDocuments,
    Set<String> broken,
    Set<String> brokenRouterIngresses) {

  public ModuleDocument {
    functions = List.copyOf(functions);
    ingresses = List.copyOf(ingresses);
    routers = List.copyOf(routers);
    egresses = List.copyOf(egresses);
    endpoints = List.copyOf(endpoints);
    kindDocuments = List.copyOf(kindDocuments);
    broken = Set.copyOf(broken);
    brokenRouterIngresses = Set.copyOf(brokenRouterIngresses);
  }

  /**
   * A class named in the file.
   *
   * @param name the fully qualified class name
   * @param location where it is written
   */
  public record ClassRef(String name, Location location) {}

  /**
   * A {@code functions:} entry.
   *
   * @param location where the entry starts
   * @param path how the entry is named in messages, e.g. {@code functions[0]}
   * @param type the function type
   * @param implementation the {@code class:} or {@code provider:} class
   * @param isProvider whether {@code implementation} is a {@code StatefulFunctionProvider}
   * @param onError what happens to a message whose invocation throws
   */
  public record Function(
      Location location,
      String path,
      FunctionType type,
      ClassRef implementation,
      boolean isProvider,
      OnError onError) {}

  /**
   * The {@code on-error} of a function entry.
   *
   * @param action {@code fail} (the default), {@code skip} or {@code dead-letter}
   * @param deadLetterEgress the {@code dead-letter-egress}; present exactly for {@code dead-letter}
   * @param location where {@code dead-letter-egress} (else {@code on-error}, else the entry) is
   *     written
   */
  public record OnError(String action, Optional<ComponentId> deadLetterEgress, Location location) {}

  /**
   * An {@code ingresses:} or {@code egresses:} entry.
   *
   * @param location where the entry starts
   * @param path how the entry is named in messages, e.g. {@code ingresses[0]}
   * @param id the id
   * @param kind the kind name
   * @param kindLocation where the kind is written
   * @param spec the {@code spec:} map, empty when omitted
   * @param specPath how the spec is named in messages, e.g. {@code ingresses[0].spec}
   */
  public record Component(
      Location location,
      String path,
      ComponentId id,
      String kind,
      Location kindLocation,
      YamlMap spec,
      String specPath) {

    /** An entry of format version 1, whose spec is {@code path.spec}. */
    public Component(
        Location location,
        String path,
        ComponentId id,
        String kind,
        Location kindLocation,
        YamlMap spec) {
      this(location, path, id, kind, kindLocation, spec, path + ".spec");
    }
  }

  /**
   * A remote function endpoint.
   *
   * @param location where the entry (or document) starts
   * @param path how the entry is named in messages, e.g. {@code endpoints[0]}
   * @param spec the endpoint
   * @param onError what happens to a message whose invocation throws
   */
  public record Endpoint(Location location, String path, EndpointSpec spec, OnError onError) {}

  /**
   * A StateFun document ({@code kind:} and {@code spec:}) of a kind other than an endpoint: an
   * ingress or egress kind, once the loader knows the module's kinds.
   *
   * @param location where the document starts
   * @param kind the kind name
   * @param kindLocation where the kind is written
   * @param spec the {@code spec:} map, {@code id} included
   */
  public record KindDocument(Location location, String kind, Location kindLocation, YamlMap spec) {}

  /**
   * A {@code routers:} entry: either a target function type with an id, or a router class.
   *
   * @param location where the entry starts
   * @param ingress the ingress whose records are routed
   * @param ingressLocation where the ingress id is written
   * @param target the target, when routed by YAML
   * @param routerClass the router class, when routed by Java
   */
  public record Router(
      Location location,
      ComponentId ingress,
      Location ingressLocation,
      Optional<Target> target,
      Optional<ClassRef> routerClass) {}

  /**
   * Where a YAML router sends each record.
   *
   * @param type the target function type
   * @param typeLocation where it is written
   * @param id which part of the record is the target id
   * @param idLocation where the id is written (the router entry when defaulted)
   */
  public record Target(
      FunctionType type, Location typeLocation, RecordId id, Location idLocation) {}
}
