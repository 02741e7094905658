using k8s.Models;

namespace Compass.Kserve.Manifests;

/// <summary>
/// The security contexts of the serving pod, as close to the Pod Security Standards' <c>restricted</c> profile as the
/// image allows: no privilege escalation, every capability dropped, the runtime's default seccomp profile, and a
/// non-root user wherever the image is known to run as one. KServe copies the container's context onto the storage
/// initializer it injects, so the weight download runs under the same rules.
/// </summary>
internal static class PodSecurity
{
    /// <summary>The seccomp profile type of the container runtime's default filter.</summary>
    public const string RuntimeDefault = "RuntimeDefault";

    /// <summary>The pod's context: the runtime's default seccomp filter for every container, injected ones included.</summary>
    /// <returns>The context.</returns>
    public static V1PodSecurityContext Pod() => new() { SeccompProfile = new V1SeccompProfile { Type = RuntimeDefault } };

    /// <summary>
    /// vLLM's context. The official images run as root, so <c>runAsNonRoot</c> is set only when the options say the
    /// image runs as another user; the root filesystem stays writable because vLLM, PyTorch, Triton and FlashInfer
    /// write compilation and kernel caches under <c>$HOME</c> and <c>/tmp</c>, at paths that change between releases.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The context.</returns>
    public static V1SecurityContext Vllm(ManifestOptions options) => Restricted(options.VllmRunsAsNonRoot ? true : null, options.VllmRunAsUser, readOnlyRoot: false);

    /// <summary>
    /// The simulator's context: its image runs as the .NET images' non-root <c>app</c> user and writes nothing but
    /// <c>/tmp</c> (an <c>emptyDir</c>), so the root filesystem is read-only.
    /// </summary>
    /// <returns>The context.</returns>
    public static V1SecurityContext Simulator() => Restricted(runAsNonRoot: true, runAsUser: null, readOnlyRoot: true);

    private static V1SecurityContext Restricted(bool? runAsNonRoot, long? runAsUser, bool readOnlyRoot) => new()
    {
        AllowPrivilegeEscalation = false,
        Privileged = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = RuntimeDefault },
        RunAsNonRoot = runAsNonRoot,
        RunAsUser = runAsUser,
        ReadOnlyRootFilesystem = readOnlyRoot ? true : null,
    };
}
