using System.Net;

namespace Compass.Kserve.Deployment;

/// <summary>
/// A deployment operation failed. <see cref="Exception.Message"/> is one sentence for a person: what failed, on
/// which object, and how to fix it.
/// </summary>
public sealed class DeploymentException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DeploymentException"/> class.</summary>
    public DeploymentException()
        : this(DeploymentFailure.Server, "The deployment failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeploymentException"/> class.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    public DeploymentException(string message)
        : this(DeploymentFailure.Server, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeploymentException"/> class.</summary>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">The underlying error.</param>
    public DeploymentException(string message, Exception? innerException)
        : this(DeploymentFailure.Server, message, innerException: innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DeploymentException"/> class.</summary>
    /// <param name="failure">The kind of failure.</param>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="objectReference">The object concerned, e.g. <c>InferenceService ns/name</c>, if any.</param>
    /// <param name="statusCode">The HTTP status the API server answered, if any.</param>
    /// <param name="innerException">The underlying error.</param>
    public DeploymentException(DeploymentFailure failure, string message, string? objectReference = null, HttpStatusCode? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        ObjectReference = objectReference;
        StatusCode = statusCode;
    }

    /// <summary>Gets the kind of failure.</summary>
    public DeploymentFailure Failure { get; }

    /// <summary>Gets the object concerned, e.g. <c>InferenceService ns/name</c>, or <see langword="null"/>.</summary>
    public string? ObjectReference { get; }

    /// <summary>Gets the HTTP status the API server answered, or <see langword="null"/> when there was no answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Gets the <see cref="DeploymentRequest"/> or <see cref="KubernetesDeploymentOptions"/> property that fixes the
    /// failure or that held the value at fault (e.g. <c>CreateNamespace</c>, <c>Namespace</c>, <c>KubeconfigPath</c>),
    /// when one does; the message says it in the library's terms and hosts name their own way of setting it (the CLI:
    /// its flag). <see langword="null"/> when no setting helps.
    /// </summary>
    public string? Setting { get; init; }
}
