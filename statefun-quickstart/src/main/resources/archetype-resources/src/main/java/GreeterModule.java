package ${package};

import com.google.auto.service.AutoService;
import java.util.Map;
import org.statefun.sdk.spi.Binder;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * Binds the function; module.yaml binds the rest. statefun finds it with ServiceLoader: the
 * AutoService processor (in pom.xml) writes META-INF/services for {@code @AutoService}.
 */
@AutoService(StatefulFunctionModule.class)
public final class GreeterModule implements StatefulFunctionModule {

  @Override
  public void configure(Map<String, String> globalConfiguration, Binder binder) {
    binder.bindFunctionProvider(GreeterFn.TYPE, type -> new GreeterFn());
  }
}
