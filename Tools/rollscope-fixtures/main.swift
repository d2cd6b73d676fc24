import Foundation
import RolloutCore
import RolloutSim

/// `rollscope-fixtures write|check [DIR]`: writes every generated file under Tests/Fixtures (or
/// DIR), or checks that the committed files are what it writes. `fuzz-seeds DIR [SEED] [COUNT]`
/// writes seed inputs for scripts/fuzz.sh. `describe [SCENARIO...]` prints what the simulator did
/// in each fixture scenario.
let args = Array(CommandLine.arguments.dropFirst())
let defaultRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Tests/Fixtures").path

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("rollscope-fixtures: \(message)\n".utf8))
    exit(1)
}

switch args.first {
case "write":
    let root = args.count > 1 ? args[1] : defaultRoot
    let set = FixtureSet.make()
    for f in set.files {
        let url = URL(fileURLWithPath: root).appendingPathComponent(f.path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(f.bytes).write(to: url)
        } catch {
            fail("\(url.path): \(error)")
        }
    }
    print("wrote \(set.files.count) files under \(root)")
case "check":
    let root = args.count > 1 ? args[1] : defaultRoot
    let stale = FixtureSet.make().stale(under: root)
    if !stale.isEmpty { fail("not what the generator writes (run rollscope-fixtures write): " + stale.joined(separator: ", ")) }
    print("all generated fixtures are current")
case "fuzz-seeds":
    guard args.count > 1 else { fail("usage: rollscope-fixtures fuzz-seeds DIR [SEED] [COUNT]") }
    let seed = args.count > 2 ? UInt64(args[2]) ?? 1 : 1
    let count = args.count > 3 ? Int(args[3]) ?? 200 : 200
    do {
        try FileManager.default.createDirectory(atPath: args[1], withIntermediateDirectories: true)
        for f in FuzzSeeds.make(seed: seed, count: count) {
            try Data(f.bytes).write(to: URL(fileURLWithPath: args[1]).appendingPathComponent(f.name))
        }
    } catch {
        fail("\(args[1]): \(error)")
    }
case "describe":
    for s in FixtureScenarios.all + SimScenario.all where args.count < 2 || args.dropFirst().contains(s.name) {
        print(Describe.run(s))
    }
default:
    FileHandle.standardError.write(Data("""
        usage: rollscope-fixtures write [DIR]      write every generated file under Tests/Fixtures (or DIR)
               rollscope-fixtures check [DIR]      exit 1 if a committed file differs from what write writes
               rollscope-fixtures fuzz-seeds DIR [SEED] [COUNT]   seed inputs for scripts/fuzz.sh (default 1, 200)
               rollscope-fixtures describe [NAME]  what the simulator did in each fixture scenario

        """.utf8))
    exit(2)
}
