namespace Compass.Simulator;

/// <summary>What text the simulator answers with. The text only sets the content; timing always comes from the scheduler.</summary>
public enum ResponseMode
{
    /// <summary>Deterministic lorem-ipsum words, seeded by the prompt and <see cref="CompassSimulatorOptions.Seed"/>.</summary>
    Lorem = 0,

    /// <summary>The prompt (for chat, the last user message) repeated back.</summary>
    Echo = 1,

    /// <summary>A canned answer for <see cref="CompassSimulatorOptions.UseCase"/>, with a length drawn from that use case's output-token distribution.</summary>
    Canned = 2,
}
