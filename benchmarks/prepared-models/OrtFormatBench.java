import ai.onnxruntime.*;
import java.nio.*; import java.nio.channels.FileChannel; import java.nio.file.*; import java.util.*;
/**
 * One ONNX model run two ways, side by side on one thread: from its ONNX file, optimised at load
 * (ALL level, as the server does for a convolutional network), and from its prepared ORT-format file,
 * memory-mapped with its weights used in place (as the server does for the others). Inputs are
 * synthetic (dynamic dimensions set to 16, a leading 16 of a 4-d input to 1). Prints microseconds a
 * run, two rounds each. Writes the ORT-format file first when it does not exist. Run by run.sh.
 */
public class OrtFormatBench {
  public static void main(String[] a) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    String onnx = a[0], ort = a[1]; int n = Integer.parseInt(a[2]);
    if (!Files.exists(Path.of(ort))) {  // written as the build prepares a model: EXTENDED level, ORT format
      OrtSession.SessionOptions o = new OrtSession.SessionOptions();
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
      o.addConfigEntry("session.save_model_format", "ORT");
      o.setOptimizedModelFilePath(ort);
      env.createSession(Files.readAllBytes(Path.of(onnx)), o).close();
    }
    for (int round = 0; round < 2; round++) {
      for (String which : new String[]{"onnx", "ort"}) {
        OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT); o.setIntraOpNumThreads(1);
        OrtSession s;
        if (which.equals("onnx")) s = env.createSession(Files.readAllBytes(Path.of(onnx)), o);
        else { FileChannel c = FileChannel.open(Path.of(ort)); MappedByteBuffer m = c.map(FileChannel.MapMode.READ_ONLY, 0, c.size());
          o.addConfigEntry("session.use_ort_model_bytes_directly","1"); o.addConfigEntry("session.use_ort_model_bytes_for_initializers","1"); s = env.createSession(m, o); }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        for (var e : s.getInputInfo().entrySet()) {
          TensorInfo ti = (TensorInfo) e.getValue().getInfo();
          long[] cs = Arrays.stream(ti.getShape()).map(d -> d < 0 ? 16 : d).toArray();
          if (cs.length == 4 && cs[0] == 16) cs[0] = 1;
          int len = (int) Arrays.stream(cs).reduce(1,(x,y)->x*y);
          if (ti.type == OnnxJavaType.INT64) { long[] v = new long[len]; Arrays.fill(v, 1); inputs.put(e.getKey(), OnnxTensor.createTensor(env, LongBuffer.wrap(v), cs)); }
          else { float[] v = new float[len]; for (int i=0;i<len;i++) v[i]=(i%7)/7f; inputs.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(v), cs)); }
        }
        for (int i=0;i<50;i++) s.run(inputs).close();
        long st=System.nanoTime(); for (int i=0;i<n;i++) s.run(inputs).close();
        System.out.printf("%s round %d: %.1f us/run%n", which, round, (System.nanoTime()-st)/1e3/n);
        s.close();
      }
    }
  }
}
