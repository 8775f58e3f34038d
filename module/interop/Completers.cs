// Completers.cs - Tab completion for the module's parameters that take a
// Windows release name or a Group Policy profile name, so each parameter
// names its completer in one line:
//   [ArgumentCompleter({ [ConnReset.Interop.OsNameCompleter]::Complete($args[2]) })]
// The script block's body runs only on Tab, so the import does no more than
// define it. Register-ArgumentCompleter at import, one place for them all,
// measured 20 to 30 ms on its first call in a fresh process.
// Compiled against PowerShell Standard 5.1 (PowerShellStandard.Library,
// reference only): the host's System.Management.Automation is the one used.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace ConnReset.Interop
{
    /// <summary>Completes a Windows release name (<see cref="Snapshot.OsNames"/>):
    /// every name that contains the word typed, quoted.</summary>
    public sealed class OsNameCompleter : IArgumentCompleter
    {
        /// <summary>The completions of <paramref name="wordToComplete"/>.</summary>
        public static IEnumerable<CompletionResult> Complete(string wordToComplete)
        {
            string word = Unquote(wordToComplete);
            List<CompletionResult> results = new List<CompletionResult>();
            foreach (string name in Snapshot.OsNames)
            {
                if (name.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
                    results.Add(new CompletionResult("'" + name + "'", name, CompletionResultType.ParameterValue, name));
            }
            return results;
        }

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return Complete(wordToComplete);
        }

        internal static string Unquote(string word)
        {
            if (string.IsNullOrEmpty(word))
                return string.Empty;
            return word.Trim('\'', '"');
        }
    }

    /// <summary>Completes a Group Policy profile name (<see cref="GroupPolicy.Profiles"/>):
    /// every name that starts with the word typed, with its description as the tip.</summary>
    public sealed class PolicyProfileCompleter : IArgumentCompleter
    {
        /// <summary>The completions of <paramref name="wordToComplete"/>.</summary>
        public static IEnumerable<CompletionResult> Complete(string wordToComplete)
        {
            string word = OsNameCompleter.Unquote(wordToComplete);
            List<CompletionResult> results = new List<CompletionResult>();
            foreach (PolicyProfile profile in GroupPolicy.Profiles())
            {
                if (profile.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                    results.Add(new CompletionResult(profile.Name, profile.Name, CompletionResultType.ParameterValue,
                        string.IsNullOrEmpty(profile.Description) ? profile.Name : profile.Description));
            }
            return results;
        }

        /// <inheritdoc/>
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName,
            string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            return Complete(wordToComplete);
        }
    }
}
