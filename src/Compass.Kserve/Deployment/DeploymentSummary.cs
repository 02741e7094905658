namespace Compass.Kserve.Deployment;

/// <summary>One Compass deployment, as <see cref="IDeploymentTarget.ListAsync"/> reports it.</summary>
/// <param name="Name">The InferenceService's name.</param>
/// <param name="Namespace">Its namespace.</param>
/// <param name="Ready">Whether its Ready condition is True.</param>
/// <param name="Url">Its URL, once set.</param>
/// <param name="Created">When it was created, if known.</param>
public sealed record DeploymentSummary(string Name, string Namespace, bool Ready, Uri? Url, DateTimeOffset? Created);
