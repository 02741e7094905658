namespace Compass.Simulator.Engine;

/// <summary>
/// The options name a deployment the simulator cannot imitate: an unknown model, GPU or use case, a model that does
/// not fit, or a context longer than the model or its KV cache allows. The message is one line that says what to change,
/// naming each setting by its <see cref="CompassSimulatorOptions"/> property; <see cref="Describe"/> says the same with
/// the names a host gives them (the simulator process: the flag or variable it read).
/// </summary>
internal sealed class DeploymentException : InvalidOperationException
{
    private readonly Func<Func<string, string>, string> _describe;

    /// <summary>Creates the exception from a sentence that names settings through the function it is given.</summary>
    /// <param name="describe">Writes the message, given a function from a property name to the name to show.</param>
    public DeploymentException(Func<Func<string, string>, string> describe)
        : base(describe(property => property))
    {
        _describe = describe;
    }

    /// <summary>Says what is wrong, naming each setting with <paramref name="name"/> (property name in, shown name out).</summary>
    public string Describe(Func<string, string> name) => _describe(name);
}
