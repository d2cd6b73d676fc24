import Foundation

/// The built binaries, next to the test bundle that was built with them.
public enum Binary {
    public static let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    public static let rollscope = directory.appendingPathComponent("rollscope").path

    /// Runs the built `rollscope` with `args` to its end, output through pipes, stopped after
    /// `timeout` seconds: how every test runs it outside a terminal.
    @discardableResult
    public static func run(_ args: [String], timeout: Double = 60, environment: [String: String]? = nil) throws -> Spawn.Result {
        try Spawn.run([rollscope] + args, timeout: timeout, environment: environment)
    }
}
