/// What a container runtime (containerd) reports about an image.
public enum ContainerImage {
    /// `nginx:1.27` as the runtime reports it: `docker.io/library/nginx:1.27`.
    public static func normalized(_ image: String) -> String {
        let first = image.split(separator: "/").first.map(String.init) ?? image
        if image.contains("/"), first.contains(".") || first.contains(":") || first == "localhost" { return image }
        return "docker.io/" + (image.contains("/") ? image : "library/" + image)
    }

    /// `repo@sha256:...`, the same digest for the same image in every run.
    public static func id(_ image: String) -> String {
        var r = SimRandom(seed: stableHash(image), stream: 9)
        let repo = normalized(image).split(separator: ":").dropLast().joined(separator: ":")
        return repo + "@sha256:" + r.hex(64)
    }

    /// A plausible compressed size in bytes, fixed per image.
    public static func size(_ image: String) -> Int { 14_000_000 + Int(stableHash(image) % 60_000_000) }

    /// A number derived from a string only (FNV-1a), for values that must not depend on the run.
    public static func stableHash(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
