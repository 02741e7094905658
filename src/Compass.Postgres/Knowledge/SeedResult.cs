namespace Compass.Postgres.Knowledge;

/// <summary>What seeding from the embedded knowledge base added (rows already present are left as they are).</summary>
/// <param name="Models">Models added.</param>
/// <param name="Gpus">GPUs added.</param>
/// <param name="Prices">Prices added.</param>
/// <param name="UseCases">Use-case templates added.</param>
/// <param name="Calibrations">Engine calibrations added (only for GPU classes without an active one).</param>
public sealed record SeedResult(int Models, int Gpus, int Prices, int UseCases, int Calibrations)
{
    /// <summary>Gets the rows added in all.</summary>
    public int Total => Models + Gpus + Prices + UseCases + Calibrations;
}
