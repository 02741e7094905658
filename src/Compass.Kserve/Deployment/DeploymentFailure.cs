namespace Compass.Kserve.Deployment;

/// <summary>What kind of failure a <see cref="DeploymentException"/> reports.</summary>
public enum DeploymentFailure
{
    /// <summary>A manifest file is missing, empty or malformed.</summary>
    InvalidManifest,

    /// <summary>The kubeconfig or in-cluster configuration cannot be loaded.</summary>
    Configuration,

    /// <summary>The API server cannot be reached.</summary>
    Unreachable,

    /// <summary>The API server rejected the credentials (HTTP 401).</summary>
    Unauthorized,

    /// <summary>The credentials lack a permission (HTTP 403).</summary>
    Forbidden,

    /// <summary>An object, namespace or resource type does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>A server-side-apply field conflict or an object that already exists (HTTP 409).</summary>
    Conflict,

    /// <summary>The API server rejected an object as invalid (HTTP 422 or 400).</summary>
    Invalid,

    /// <summary>The deployment did not become Ready in time.</summary>
    Timeout,

    /// <summary>There is no earlier revision to roll back to.</summary>
    NoRevision,

    /// <summary>Any other API server error.</summary>
    Server,
}
