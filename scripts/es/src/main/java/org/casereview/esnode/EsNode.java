package org.casereview.esnode;

import org.elasticsearch.Build;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.transport.TransportAddress;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.PluginsLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one real Elasticsearch node inside this JVM, bound to 127.0.0.1.
 *
 * <p>Options are system properties or environment variables (property wins):
 * <pre>
 *   esnode.home        / ES_NODE_HOME         node home (config, data, logs); required, e.g. a temp dir
 *   esnode.port        / ES_NODE_PORT         HTTP port; 0 (default) = any free port
 *   esnode.cluster     / ES_NODE_CLUSTER      cluster name (default "casereview-test")
 *   esnode.modules     / ES_NODE_MODULES      dir holding transport-netty4/ jars (default: target/modules next to the launcher jar)
 *   esnode.pluginJar   / ES_NODE_PLUGIN_JAR   extras plugin jar (default: es-node-plugin.jar next to the launcher jar)
 *   esnode.logLevel    / ES_NODE_LOG_LEVEL    root log level (default WARN)
 *   esnode.watchStdin  / ES_NODE_WATCH_STDIN  "true": exit when stdin reaches EOF (parent process died)
 *   esnode.deleteHome  / ES_NODE_DELETE_HOME  "true": delete the home dir after the node has shut down
 * </pre>
 * Prints {@code ES_NODE_READY http://127.0.0.1:PORT version=X} on stdout once the node is started, and
 * {@code ES_NODE_STOPPED} after a clean shutdown (SIGTERM/SIGINT or stdin EOF).
 */
public final class EsNode {

    private EsNode() {}

    private static String opt(String prop, String env, String def) {
        String v = System.getProperty(prop);
        if (v == null || v.isEmpty()) v = System.getenv(env);
        return (v == null || v.isEmpty()) ? def : v;
    }

    public static void main(String[] args) throws Exception {
        // ES's LogConfigurator redirects System.out into log4j; keep the real stdout for the protocol lines.
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        String homeOpt = opt("esnode.home", "ES_NODE_HOME", null);
        if (homeOpt == null) {
            System.err.println("ES_NODE_ERROR esnode.home / ES_NODE_HOME is required");
            System.exit(2);
        }
        Path home = Paths.get(homeOpt).toAbsolutePath();
        // Must happen before any ES class touches native access: ES loads libzstd from here.
        setUpNativeLibs(home.resolve("native"));
        boolean deleteHome = Boolean.parseBoolean(opt("esnode.deleteHome", "ES_NODE_DELETE_HOME", "false"));
        String port = opt("esnode.port", "ES_NODE_PORT", "0");
        String cluster = opt("esnode.cluster", "ES_NODE_CLUSTER", "casereview-test");
        String logLevel = opt("esnode.logLevel", "ES_NODE_LOG_LEVEL", "WARN");
        Path jarDir = launcherDir();
        Path modulesSrc = Paths.get(opt("esnode.modules", "ES_NODE_MODULES", jarDir.resolve("modules").toString()));
        Path pluginJar = Paths.get(opt("esnode.pluginJar", "ES_NODE_PLUGIN_JAR", jarDir.resolve("es-node-plugin.jar").toString()));

        String version = Build.current().version();
        layoutHome(home, modulesSrc, pluginJar, version);

        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", cluster)
            .put("node.name", "es-test-node")
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            .put("transport.port", "0")
            .put("discovery.type", "single-node")
            // near-full disks must not block allocation or make indices read-only
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // small heaps: do not trip the parent breaker on real memory usage
            .put("indices.breaker.total.use_real_memory", false)
            // let tests clean up with wildcards (DELETE /test-*)
            .put("action.destructive_requires_name", false)
            .build();

        Files.writeString(home.resolve("config").resolve("log4j2.properties"), String.join("\n",
            "status = error",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.target = SYSTEM_ERR",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}] %m%n",
            "rootLogger.level = " + logLevel.toLowerCase(java.util.Locale.ROOT),
            "rootLogger.appenderRef.console.ref = console",
            ""));
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), home.resolve("config"), () -> "es-test-node");
        LogConfigurator.configure(env, true);
        PluginsLoader loader = PluginsLoader.createPluginsLoader(
            PluginsLoader.loadModulesBundles(env.modulesDir(), false),
            PluginsLoader.loadPluginsBundles(env.pluginsDir(), false),
            Map.of(),
            false
        );
        Node node = new Node(env, loader);

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            }
            if (deleteHome) {
                deleteRecursively(home);
            }
            out.println("ES_NODE_STOPPED");
            out.flush();
            stopped.countDown();
        }, "es-node-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        final TransportAddress http;
        try {
            node.start();
            http = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress();
        } catch (Throwable t) {
            t.printStackTrace(err);
            err.println("ES_NODE_ERROR failed to start: " + t);
            System.exit(1); // runs the shutdown hook (closes the node, deletes home if asked)
            return;
        }
        out.println("ES_NODE_READY http://" + http.getAddress() + ":" + http.getPort() + " version=" + version);
        out.flush();

        if (Boolean.parseBoolean(opt("esnode.watchStdin", "ES_NODE_WATCH_STDIN", "false"))) {
            Thread watcher = new Thread(() -> {
                try (InputStream in = System.in) {
                    byte[] buf = new byte[256];
                    while (in.read(buf) >= 0) {
                        // ignore input; EOF means the parent went away
                    }
                } catch (IOException ignored) {
                    // treat as EOF
                }
                System.exit(0); // runs the shutdown hook
            }, "es-node-stdin-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        // Node threads are daemons: keep the JVM alive until shutdown.
        stopped.await();
    }

    /**
     * ES 9 reads native helpers from es.nativelibs.path. The distribution ships libzstd.so there (needed for
     * best_compression / zstd stored fields, and without it ES disables all native access); Maven Central does
     * not, so link the system libzstd (Debian: libzstd1) when present. libvec is optional (vector scoring).
     */
    private static void setUpNativeLibs(Path dir) {
        // libvec.so is not on Maven Central; without this flag its absence disables ALL native access (incl. zstd)
        if (System.getProperty("org.elasticsearch.nativeaccess.enableVectorLibrary") == null) {
            System.setProperty("org.elasticsearch.nativeaccess.enableVectorLibrary", "false");
        }
        if (System.getProperty("es.nativelibs.path") != null) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path link = dir.resolve("libzstd.so");
            if (!Files.exists(link)) {
                for (String candidate : new String[] {
                    "/usr/lib/x86_64-linux-gnu/libzstd.so.1", "/lib/x86_64-linux-gnu/libzstd.so.1",
                    "/usr/lib/aarch64-linux-gnu/libzstd.so.1", "/lib/aarch64-linux-gnu/libzstd.so.1",
                    "/usr/lib64/libzstd.so.1", "/usr/lib/libzstd.so.1" }) {
                    Path lib = Paths.get(candidate);
                    if (Files.exists(lib)) {
                        Files.createSymbolicLink(link, lib);
                        break;
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("ES_NODE_WARN cannot prepare native libs: " + e);
        }
        System.setProperty("es.nativelibs.path", dir.toString());
    }

    private static void deleteRecursively(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static Path launcherDir() {
        try {
            Path p = Paths.get(EsNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.getParent(); // target/ for both target/es-node.jar and target/classes
        } catch (Exception e) {
            return Paths.get(".").toAbsolutePath();
        }
    }

    /** Builds the distribution-like layout ES expects: home/{config,plugins,modules/<name>/plugin-descriptor.properties}. */
    private static void layoutHome(Path home, Path modulesSrc, Path pluginJar, String version) throws IOException {
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("tmp"));
        Path modules = home.resolve("modules");

        Path nettySrc = modulesSrc.resolve("transport-netty4");
        if (!Files.isDirectory(nettySrc)) {
            throw new IllegalStateException("missing " + nettySrc + " (run mvn -q -B package in scripts/es)");
        }
        Path netty = modules.resolve("transport-netty4");
        Files.createDirectories(netty);
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(nettySrc, "*.jar")) {
            for (Path jar : jars) {
                Files.copy(jar, netty.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        descriptor(netty, "transport-netty4", "org.elasticsearch.transport.netty4.Netty4Plugin", version);

        if (!Files.isRegularFile(pluginJar)) {
            throw new IllegalStateException("missing " + pluginJar + " (run mvn -q -B package in scripts/es)");
        }
        Path extras = modules.resolve("casereview-extras");
        Files.createDirectories(extras);
        Files.copy(pluginJar, extras.resolve("es-node-plugin.jar"), StandardCopyOption.REPLACE_EXISTING);
        descriptor(extras, "casereview-extras", "org.casereview.esnode.plugin.EmbeddedExtrasPlugin", version);
    }

    private static void descriptor(Path dir, String name, String classname, String version) throws IOException {
        String text = String.join("\n",
            "description=" + name,
            "version=" + version,
            "name=" + name,
            "classname=" + classname,
            "java.version=" + Runtime.version().feature(),
            "elasticsearch.version=" + version,
            "extended.plugins=",
            "has.native.controller=false",
            "");
        Files.writeString(dir.resolve("plugin-descriptor.properties"), text);
    }
}
