// The UP ISP Technical Manual v2, Annexure B, "For JAVA Platform": encryptString and
// decryptString exactly as printed (only the OCR's capitalised "Import" fixed), wrapped in a class
// with a main() so Kendra's tests can run it on the JDK as an independent reference.
//
// Usage: java IspAnnexureB encrypt|decrypt SECRET   (text on stdin, result on stdout)

import java.nio.charset.StandardCharsets;
import java.security.spec.KeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

public class IspAnnexureB {

    public static String encryptString(String strToEncrypt, String key)
    {
        try {

            String salt = "0000000011111111";

            byte[] iv = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 };
            IvParameterSpec ivspec = new IvParameterSpec(iv);
            SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
            KeySpec spec = new PBEKeySpec(key.toCharArray(), salt.getBytes(), 1000, 256);
            SecretKey tmp = factory.generateSecret(spec);
            SecretKeySpec secretKey = new SecretKeySpec(tmp.getEncoded(), "AES");

            Cipher cipher = Cipher.getInstance( "AES/CBC/PKCS5Padding");
            cipher.init(Cipher.ENCRYPT_MODE, secretKey, ivspec);
            return Base64.getEncoder().encodeToString( cipher.doFinal(strToEncrypt.getBytes(
                    StandardCharsets.UTF_8)));
        }

        catch (Exception e) {
            System.out.println("Error while encrypting: " + e.toString());
        }

        return null;

    }

    public static String decryptString(String strToDecrypt, String key)
    {
        try {
            String salt = "0000000011111111";

            byte[] iv = { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 };
            IvParameterSpec ivspec = new IvParameterSpec(iv);
            SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");

            KeySpec spec = new PBEKeySpec(key.toCharArray(), salt.getBytes(), 1000, 256);
            SecretKey tmp = factory.generateSecret(spec);
            SecretKeySpec secretKey = new SecretKeySpec(tmp.getEncoded(), "AES");

            Cipher cipher = Cipher.getInstance( "AES/CBC/PKCS5PADDING");
            cipher.init(Cipher.DECRYPT_MODE, secretKey, ivspec);
            return new String(cipher.doFinal( Base64.getDecoder().decode(strToDecrypt)));

        }

        catch (Exception e) {
            System.out.println("Error while decrypting: "
                + e.toString());
        }

        return null;

    }

    public static void main(String[] args) throws Exception {
        String text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        String out = args[0].equals("encrypt") ? encryptString(text, args[1]) : decryptString(text, args[1]);
        System.out.write(String.valueOf(out).getBytes(StandardCharsets.UTF_8));
        System.out.flush();
    }
}
