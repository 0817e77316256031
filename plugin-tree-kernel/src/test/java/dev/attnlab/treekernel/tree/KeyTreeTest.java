package dev.attnlab.treekernel.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeyTreeTest {

    @Test
    void prefixCoverSpansExactlyTheVisibleKeysWithFewNodes() {
        double[][] keys = new double[13][2];
        for (int j = 0; j < keys.length; j++) {
            keys[j][0] = j;
            keys[j][1] = 1;
        }
        KeyTree tree = KeyTree.build(keys, keys, null, 1);
        for (int visible = 1; visible <= 13; visible++) {
            List<Integer> cover = tree.prefixCover(visible);
            int next = 0;
            for (int node : cover) {
                assertThat(tree.first(node)).isEqualTo(next);
                next = tree.end(node);
                // a node's key sum is the sum of the keys it covers: column 1 counts them
                assertThat(tree.keySum(node)[1]).isEqualTo(tree.count(node));
            }
            assertThat(next).isEqualTo(visible);
            assertThat(cover.size()).isLessThanOrEqualTo(2 * 4);
        }
        assertThat(tree.prefixCover(13)).containsExactly(tree.root());
    }

    @Test
    void leavesAreTheKeysInOrder() {
        double[][] keys = {{1}, {2}, {3}, {4}, {5}};
        KeyTree tree = KeyTree.build(keys, keys, null, 1);
        for (int j = 0; j < keys.length; j++) {
            assertThat(tree.isLeaf(tree.leafOf(j))).isTrue();
            assertThat(tree.keySum(tree.leafOf(j))[0]).isEqualTo(j + 1.0);
        }
        assertThat(tree.keySum(tree.root())[0]).isEqualTo(15.0);
    }
}
