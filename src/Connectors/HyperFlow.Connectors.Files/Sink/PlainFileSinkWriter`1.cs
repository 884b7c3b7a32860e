using HyperFlow.Storage.Checkpointing;
namespace HyperFlow.Connectors.Files;

/// <summary>
/// The writer of a job without checkpoints: a part becomes visible (renamed to its final name) as soon as
/// it is closed, by the rolling limits or at the end of the input. No exactly-once guarantee: after a
/// failure the job starts over and its output repeats.
/// </summary>
/// <typeparam name="T">The event type.</typeparam>
internal sealed class PlainFileSinkWriter<T>(FileSinkOptions options, LineEncoder<T> encoder, int subtask, long firstCounter)
    : FileSinkWriter<T>(options, encoder, subtask, firstCounter)
{
    public override void Complete()
    {
        if (HasOpenPart)
        {
            ClosePart();
        }
    }

    protected override void OnPartClosed(string finalName)
    {
        File.Move(PathOf(PartFileNames.InProgress(finalName)), PathOf(finalName), overwrite: true);
        DirectorySync.Flush(Options.Directory);
    }
}
