namespace Chronology.Worker.Jobs;

/// <summary>
/// A job this worker must not run now: another runner holds it, or it acts on a projection whose agent another worker
/// runs. Its message goes back to the queue for a later try (see <see cref="JobMessaging"/>), by any worker.
/// </summary>
public sealed class JobNotRunnableHere(string message) : Exception(message);
