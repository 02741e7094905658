using Compass.Core;

namespace Compass.Postgres.Feedback;

/// <summary>
/// A deployment Compass made, identified by (<see cref="Context"/>, <see cref="Namespace"/>, <see cref="Name"/>): what
/// it serves, on what, and which saved plan it came from.
/// </summary>
/// <param name="Context">The Kubernetes context ("" for the default one).</param>
/// <param name="Namespace">The Kubernetes namespace.</param>
/// <param name="Name">The deployment's (InferenceService's) name.</param>
public sealed record DeploymentRecord(string Context, string Namespace, string Name)
{
    /// <summary>Gets the saved plan it came from, if the plan was saved.</summary>
    public Guid? PlanId { get; init; }

    /// <summary>Gets the model served.</summary>
    public ModelId? Model { get; init; }

    /// <summary>Gets the weight format.</summary>
    public Quantization? Quantization { get; init; }

    /// <summary>Gets the GPU class.</summary>
    public GpuType? Gpu { get; init; }

    /// <summary>Gets the tensor-parallel degree of each replica.</summary>
    public int? TensorParallel { get; init; }

    /// <summary>Gets the number of replicas.</summary>
    public int? Replicas { get; init; }

    /// <summary>Gets when it was last recorded (deployed or re-deployed); set by the store.</summary>
    public DateTimeOffset RecordedAt { get; init; }
}
