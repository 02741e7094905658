namespace Compass.Simulator.Engine;

/// <summary>
/// The options name a deployment the simulator cannot imitate: an unknown model, GPU or use case, a model that does
/// not fit, or a context longer than the model or its KV cache allows. The message is one line that says what to change.
/// </summary>
internal sealed class DeploymentException(string message) : InvalidOperationException(message);
