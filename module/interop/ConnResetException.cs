// ConnResetException.cs - a negative cr_error_code from the native library,
// with its symbolic name and the library's message for this thread.
using System;
using System.Runtime.Serialization;

namespace ConnReset.Interop
{
    /// <summary>
    /// Thrown when a native call returns a negative <c>cr_error_code</c>.
    /// <see cref="Exception.Message"/> is the library's <c>cr_error_last()</c> text (it names the
    /// file and line for unreadable .reg files), or the code's description when that is empty.
    /// </summary>
    [Serializable]
    public class ConnResetException : Exception
    {
        /// <summary>The negative error code (for example -4).</summary>
        public int Code { get; private set; }

        /// <summary>The code's symbolic name (for example "CR_EPARSE").</summary>
        public string CodeName { get; private set; }

        /// <summary>Creates an exception with an explicit code, name and message.</summary>
        public ConnResetException(int code, string codeName, string message)
            : base(message)
        {
            Code = code;
            CodeName = codeName;
        }

        /// <summary>Creates an exception with an explicit code, name, message and inner exception.</summary>
        public ConnResetException(int code, string codeName, string message, Exception innerException)
            : base(message, innerException)
        {
            Code = code;
            CodeName = codeName;
        }

        /// <summary>Deserialization constructor.</summary>
        protected ConnResetException(SerializationInfo info, StreamingContext context)
            : base(info, context)
        {
            Code = info.GetInt32("Code");
            CodeName = info.GetString("CodeName");
        }

        /// <inheritdoc />
        public override void GetObjectData(SerializationInfo info, StreamingContext context)
        {
            base.GetObjectData(info, context);
            info.AddValue("Code", Code);
            info.AddValue("CodeName", CodeName);
        }

        /// <summary>Builds the exception for <paramref name="code"/> from this thread's last native error.</summary>
        internal static ConnResetException FromLastError(int code)
        {
            string message = Utf8.FromNative(NativeMethods.cr_error_last());
            string name = Utf8.FromNative(NativeMethods.cr_err_name(code));
            if (string.IsNullOrEmpty(message))
                message = Utf8.FromNative(NativeMethods.cr_strerror(code));
            return new ConnResetException(code, name, message);
        }
    }
}
