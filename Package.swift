// swift-tools-version: 6.0
import PackageDescription

// Linux only: the terminal and the process code call Glibc, and ncursesw comes from
// pkg-config (Debian's libncurses-dev). SwiftPM has no platforms entry for Linux, so there is
// none. Data flows one way: decode -> correlate -> read model -> reports | panes -> ncurses.
// docs/architecture.md has the dependency rule and where to add things.
let package = Package(
    name: "rollscope",
    products: [
        .executable(name: "rollscope", targets: ["rollscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // MARK: What ships

        /// Decoded kube objects, input detection, signals, the correlator, the rollout model and
        /// its read model, reports, recordings. No processes, no clock, no terminal.
        .target(
            name: "RolloutCore",
            dependencies: ["CZlib", .product(name: "Yams", package: "Yams")]
        ),
        /// zlib through pkg-config, to read gzip-compressed signal files (.log.gz).
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        /// Running kubectl (watch and poll), signal followers and the recorder. No terminal.
        .target(
            name: "RolloutLive",
            dependencies: ["RolloutCore"]
        ),
        /// Panes, layout, keys, replay clock and frame policy, drawn into a cell grid with
        /// semantic styles. Knows nothing of ncurses: every pane is tested as text.
        .target(
            name: "RolloutUI",
            dependencies: ["RolloutCore"]
        ),
        /// ncursesw through pkg-config, with a small shim for what does not import into Swift 6.
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        /// The only code that calls ncurses: presents a cell grid, reads keys, resizes, colours.
        .target(
            name: "Terminal",
            dependencies: ["CNCurses", "RolloutUI", "RolloutCore"]
        ),
        /// The one simulated cluster (controllers, kubelet, EndpointSlices, proxies): `demo`,
        /// fixtures, tests and benchmarks all come from it.
        .target(
            name: "RolloutSim",
            dependencies: [
                "RolloutCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        /// The executable: argument parsing and wiring only.
        .executableTarget(
            name: "rollscope",
            dependencies: [
                "RolloutCore", "RolloutLive", "RolloutUI", "Terminal", "RolloutSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Tools (do not ship)

        /// A loopback Kubernetes API that serves the simulator to the real kubectl.
        .target(
            name: "FakeKubeAPI",
            dependencies: ["RolloutSim", "RolloutCore"],
            path: "Tools/FakeKubeAPI"
        ),
        /// The accelerated soak of a long `watch`: generated churn through the live ingestion.
        .target(
            name: "Soak",
            dependencies: ["RolloutCore", "RolloutUI", "RolloutSim", "RolloutLive",
                           .product(name: "HeapModule", package: "swift-collections")],
            path: "Tools/Soak"
        ),
        /// Benchmark inputs and in-process measurements (scripts/bench.sh, scripts/soak.sh).
        .executableTarget(
            name: "rollscope-bench",
            dependencies: ["RolloutCore", "RolloutUI", "RolloutSim", "RolloutLive", "FakeKubeAPI", "Soak"],
            path: "Tools/rollscope-bench"
        ),
        /// Writes every file under Tests/Fixtures from the simulator's scenarios, and checks them.
        .executableTarget(
            name: "rollscope-fixtures",
            dependencies: ["RolloutSim", "RolloutCore"],
            path: "Tools/rollscope-fixtures"
        ),
        /// The libFuzzer target over every decoder and report (scripts/fuzz.sh builds it with
        /// -sanitize=fuzzer); an ordinary build gives a replayer of saved inputs.
        .executableTarget(
            name: "rollscope-fuzz",
            dependencies: ["RolloutCore"],
            path: "Tools/rollscope-fuzz"
        ),

        // MARK: Tests

        /// Shared by the test targets: fixture paths, goldens with a line diff, tmux, sshd,
        /// processes (started with RolloutLive's runner, as kubectl is).
        .target(
            name: "TestSupport",
            dependencies: ["RolloutLive"],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "RolloutCoreTests",
            dependencies: ["RolloutCore", "RolloutSim", "Soak", "TestSupport"],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "RolloutLiveTests",
            dependencies: ["RolloutLive", "RolloutCore", "RolloutSim", "RolloutUI", "Soak", "TestSupport"]
        ),
        .testTarget(
            name: "RolloutUITests",
            dependencies: ["RolloutUI", "RolloutCore", "TestSupport"],
            exclude: ["Goldens"]
        ),
        .testTarget(
            name: "RolloutSimTests",
            dependencies: ["RolloutSim", "RolloutCore", "rollscope-fixtures"]
        ),
        .testTarget(
            name: "FakeKubeAPITests",
            dependencies: ["FakeKubeAPI", "RolloutSim", "RolloutCore"]
        ),
        /// The real binary: in tmux, through sshd, against the real kubectl and a loopback API,
        /// on the hostile corpus.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["FakeKubeAPI", "RolloutSim", "RolloutCore", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
