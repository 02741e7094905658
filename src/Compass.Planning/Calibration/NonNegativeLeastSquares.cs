using MathNet.Numerics.LinearAlgebra;

namespace Compass.Planning.Calibration;

/// <summary>
/// Non-negative least squares, min ‖A x − b‖₂ subject to x ≥ 0, by the Lawson–Hanson active-set method; each inner
/// solve is an ordinary least-squares problem on the passive columns, solved by QR with MathNet.Numerics.
/// </summary>
internal static class NonNegativeLeastSquares
{
    /// <summary>Solves the problem.</summary>
    /// <param name="a">The design matrix (rows: observations, columns: unknowns).</param>
    /// <param name="b">The observations.</param>
    /// <param name="tolerance">The optimality tolerance on the gradient.</param>
    /// <returns>The non-negative solution.</returns>
    /// <exception cref="ArgumentException">The shapes do not match or there are no rows.</exception>
    public static Vector<double> Solve(Matrix<double> a, Vector<double> b, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.RowCount != b.Count || a.RowCount == 0)
        {
            throw new ArgumentException($"NNLS needs one observation per row: {a.RowCount} rows, {b.Count} observations.", nameof(b));
        }

        var n = a.ColumnCount;
        var x = Vector<double>.Build.Dense(n);
        var passive = new bool[n];
        var maxIterations = 3 * n + 10;
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            var gradient = a.TransposeThisAndMultiply(b - (a * x));
            var best = -1;
            for (var j = 0; j < n; j++)
            {
                if (!passive[j] && gradient[j] > tolerance && (best < 0 || gradient[j] > gradient[best]))
                {
                    best = j;
                }
            }

            if (best < 0)
            {
                break;
            }

            passive[best] = true;
            while (true)
            {
                var z = SolvePassive(a, b, passive);
                var feasible = true;
                for (var j = 0; j < n; j++)
                {
                    if (passive[j] && z[j] <= 0)
                    {
                        feasible = false;
                    }
                }

                if (feasible)
                {
                    x = z;
                    break;
                }

                // Step from x toward z as far as non-negativity allows, then drop the variables that hit zero.
                var alpha = double.MaxValue;
                for (var j = 0; j < n; j++)
                {
                    if (passive[j] && z[j] <= 0)
                    {
                        alpha = Math.Min(alpha, x[j] / (x[j] - z[j]));
                    }
                }

                x += alpha * (z - x);
                for (var j = 0; j < n; j++)
                {
                    if (passive[j] && Math.Abs(x[j]) < 1e-14)
                    {
                        passive[j] = false;
                        x[j] = 0;
                    }
                }
            }
        }

        return x;
    }

    private static Vector<double> SolvePassive(Matrix<double> a, Vector<double> b, bool[] passive)
    {
        var columns = Enumerable.Range(0, passive.Length).Where(j => passive[j]).ToArray();
        var sub = Matrix<double>.Build.Dense(a.RowCount, columns.Length, (i, k) => a[i, columns[k]]);
        var solution = sub.QR().Solve(b);
        var z = Vector<double>.Build.Dense(passive.Length);
        for (var k = 0; k < columns.Length; k++)
        {
            z[columns[k]] = solution[k];
        }

        return z;
    }
}
