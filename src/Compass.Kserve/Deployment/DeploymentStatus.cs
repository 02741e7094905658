namespace Compass.Kserve.Deployment;

/// <summary>The state of a deployment: its InferenceService's conditions and URL, its pods and recent events.</summary>
/// <param name="Name">The InferenceService's name.</param>
/// <param name="Namespace">The namespace.</param>
/// <param name="Ready">Whether the InferenceService's Ready condition is True.</param>
/// <param name="Url">The URL from <c>status.url</c>, once KServe has set it.</param>
/// <param name="Conditions">The InferenceService's status conditions.</param>
/// <param name="Pods">Its pods.</param>
/// <param name="Events">Recent events about it and its pods, newest last.</param>
/// <param name="Revision">The revision Compass last applied, if it recorded one.</param>
public sealed record DeploymentStatus(
    string Name,
    string Namespace,
    bool Ready,
    Uri? Url,
    IReadOnlyList<DeploymentCondition> Conditions,
    IReadOnlyList<PodSummary> Pods,
    IReadOnlyList<EventSummary> Events,
    int? Revision)
{
    /// <summary>Gets the number of pods whose Ready condition is True.</summary>
    public int ReadyPods => Pods.Count(p => p.Ready);

    /// <summary>
    /// Gets the condition that best explains why the deployment is not Ready: the first that is not True, components
    /// (predictor, transformer, explainer) before ingress, and the summary Ready condition last.
    /// </summary>
    public DeploymentCondition? Blocking
        => Conditions.Where(c => !c.IsTrue).OrderBy(c => c.Type switch
        {
            "Ready" => 2,
            _ when c.Type.StartsWith("Ingress", StringComparison.Ordinal) => 1,
            _ => 0,
        }).FirstOrDefault();
}
