namespace HyperFlow.PerfHarness.Checkpoints;

/// <summary>A fresh directory for a run's files, deleted with everything in it when disposed.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string parent)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetFullPath(parent), $"hyperflow-checkpoint-figures-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
