// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "rollscope",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rollscope", targets: ["rollscope"]),
        .library(name: "RolloutCore", targets: ["RolloutCore"]),
        .library(name: "RolloutSim", targets: ["RolloutSim"]),
        .library(name: "FakeKubeAPI", targets: ["FakeKubeAPI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Pure logic: kubectl JSON models, input detection, correlator, findings, reports.
        // No processes, no clock, no terminal. Yams only for `-o yaml` inputs.
        .target(
            name: "RolloutCore",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // Panes, layout, keys and replay state, drawn into a cell grid with semantic styles.
        // Knows nothing of ncurses: every pane is tested as text.
        .target(
            name: "RolloutUI",
            dependencies: ["RolloutCore"]
        ),
        // Running kubectl (watch and poll), signal sources, the recorder. No terminal.
        .target(
            name: "RolloutLive",
            dependencies: ["RolloutCore"]
        ),
        // ncursesw through pkg-config, with a small shim for what does not import into Swift 6.
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The only code that calls ncurses: presents a ScreenBuffer, reads keys, handles resize.
        .target(
            name: "Terminal",
            dependencies: ["CNCurses", "RolloutUI"]
        ),
        .executableTarget(
            name: "rollscope",
            dependencies: [
                "RolloutCore",
                "RolloutUI",
                "RolloutSim",
                "RolloutLive",
                "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RolloutLiveTests",
            dependencies: ["RolloutLive", "RolloutCore", "RolloutSim", "RolloutUI", "Soak"]
        ),
        // Test helpers shared by the end-to-end suites (tmux driver, binary paths).
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "LiveEndToEndTests",
            dependencies: ["FakeKubeAPI", "RolloutSim", "RolloutCore", "TestSupport"]
        ),
        .testTarget(
            name: "RolloutUITests",
            dependencies: ["RolloutUI", "RolloutCore", "TestSupport"],
            exclude: ["Goldens"]
        ),
        .target(name: "RolloutSim", dependencies: ["RolloutCore"]),
        .testTarget(name: "RolloutSimTests", dependencies: ["RolloutSim", "RolloutCore"]),
        .target(name: "FakeKubeAPI", dependencies: ["RolloutSim", "RolloutCore"]),
        .testTarget(name: "FakeKubeAPITests", dependencies: ["FakeKubeAPI", "RolloutSim", "RolloutCore"]),
        // libFuzzer target for the decoders (scripts/fuzz.sh builds it with -sanitize=fuzzer);
        // an ordinary build gives a replayer of saved inputs instead.
        .executableTarget(name: "rollscope-fuzz", dependencies: ["RolloutCore"]),
        // The accelerated soak of a long `watch` (generated churn through the live path), for
        // its test and the benchmark.
        .target(name: "Soak", dependencies: ["RolloutCore", "RolloutUI", "RolloutSim", "RolloutLive"]),
        .executableTarget(name: "rollscope-bench", dependencies: ["RolloutCore", "RolloutUI", "RolloutSim", "RolloutLive", "FakeKubeAPI", "Soak"]),
        .testTarget(
            name: "RolloutCoreTests",
            dependencies: ["RolloutCore"],
            exclude: ["Fixtures", "Goldens"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
