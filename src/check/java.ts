/**
 * How paiban runs the validators' Java (the Nu Html Checker, epubcheck): one
 * JVM per check, a few seconds of work, where HotSpot's optimising compiler
 * spends more CPU compiling than the check spends checking. C1 only and the
 * serial collector: epubcheck on the accessibility fixture's EPUB took 5.6 s
 * of CPU instead of 13.4 s, the Nu validator on three documents 2.8 s instead
 * of 5.6 s, with the same verdicts. C1's frames are larger, so the Nu
 * validator's deep schema recursion gets an 8 MB stack (it overflowed the
 * default). A JVM that knows none of these options ignores them.
 */
export const JAVA_OPTIONS = ['-XX:+IgnoreUnrecognizedVMOptions', '-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss8m'];
