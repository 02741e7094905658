using Compass.Core;

namespace Compass.Kserve.Vm;

/// <summary>The plan cannot be deployed to a VM of the chosen provider; the message says why and what to do instead.</summary>
public sealed class VmTargetException : Exception
{
    /// <summary>Initializes a new instance.</summary>
    public VmTargetException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">Why, and what to do.</param>
    public VmTargetException(string message)
        : base(message)
    {
    }

    /// <summary>Gets the GPU of the closest instance the chosen provider has, to plan again with (null when it has none).</summary>
    public GpuType? ClosestGpu { get; init; }

    /// <summary>Gets another provider that offers the plan's GPUs in one VM (null when none does).</summary>
    public CloudProvider? OtherProvider { get; init; }

    /// <summary>Initializes a new instance with a message and the underlying error.</summary>
    /// <param name="message">Why, and what to do.</param>
    /// <param name="innerException">The underlying error.</param>
    public VmTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
