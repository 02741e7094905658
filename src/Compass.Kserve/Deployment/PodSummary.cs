namespace Compass.Kserve.Deployment;

/// <summary>A pod of a deployment (label <c>serving.kserve.io/inferenceservice=&lt;name&gt;</c>).</summary>
/// <param name="Name">The pod's name.</param>
/// <param name="Phase">The pod phase: <c>Pending</c>, <c>Running</c>, <c>Failed</c>…</param>
/// <param name="Ready">Whether the pod's Ready condition is True.</param>
/// <param name="Restarts">The sum of its containers' restart counts.</param>
/// <param name="Reason">Why a container is waiting (e.g. <c>ImagePullBackOff</c>), if one is.</param>
public sealed record PodSummary(string Name, string Phase, bool Ready, int Restarts, string? Reason);
