// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "rollscope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rollscope", targets: ["rollscope"]),
        .library(name: "RolloutCore", targets: ["RolloutCore"]),
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
        .executableTarget(
            name: "rollscope",
            dependencies: [
                "RolloutCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RolloutCoreTests",
            dependencies: ["RolloutCore"],
            exclude: ["Fixtures", "Goldens"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
