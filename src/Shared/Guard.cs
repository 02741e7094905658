using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Compass;

/// <summary>Argument checks shared by the Compass packages; each throws with the parameter name and the rule broken.</summary>
internal static class Guard
{
    public static double PositiveFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number greater than zero.");
        }

        return value;
    }

    public static double? PositiveFinite(double? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        => value is null ? null : PositiveFinite(value.Value, name);

    public static double NonNegativeFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of zero or more.");
        }

        return value;
    }

    public static double Fraction(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value) || value <= 0 || value > 1)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in (0, 1].");
        }

        return value;
    }

    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be greater than zero.");
        }

        return value;
    }

    public static int? Positive(int? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        => value is null ? null : Positive(value.Value, name);

    public static int NonNegative(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or more.");
        }

        return value;
    }

    public static long NonNegative(long value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be zero or more.");
        }

        return value;
    }

    public static string NotBlank([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} must not be empty.", name);
        }

        return value;
    }
}
